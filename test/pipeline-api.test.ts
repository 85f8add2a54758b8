import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { type Alert, compileRule, detect, type MalformedEvent } from "../src/index.js";
import { createDetectStream } from "../src/node.js";
import { repoRoot } from "./helpers/shared.js";

const rule = compileRule(
  readFileSync(join(repoRoot, "rules", "aws_iam_mfa_device_deactivated.toml"), "utf8"),
);
const text = readFileSync(join(repoRoot, "examples", "cloudtrail.ndjson"), "utf8");
const events = text
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as object);
const expected = events.filter((e) => rule.matches(e)).length;

async function alertsOf(source: Parameters<typeof detect>[1], options = {}): Promise<Alert[]> {
  const out: Alert[] = [];
  for await (const alert of detect([rule], source, options)) out.push(alert);
  return out;
}

describe("detect() sources", () => {
  it("takes arrays, generators, async generators and object streams alike", async () => {
    expect(expected).toBeGreaterThan(0);
    async function* asyncEvents() {
      yield* events;
    }
    function* syncEvents() {
      yield* events;
    }
    for (const source of [events, syncEvents(), asyncEvents(), Readable.from(events)]) {
      expect(await alertsOf(source)).toHaveLength(expected);
    }
  });

  it("takes NDJSON text as strings or bytes, split anywhere, and reports malformed lines", async () => {
    const broken = `${text}{oops\n`;
    const bytes = Buffer.from(broken);
    const pieces = [bytes.subarray(0, 1000), bytes.subarray(1000, 1001), bytes.subarray(1001)];
    const malformed: MalformedEvent[] = [];
    expect(
      await alertsOf(Readable.from(pieces), { onMalformed: (m: MalformedEvent) => malformed.push(m) }),
    ).toHaveLength(expected);
    expect(malformed.map((m) => m.line)).toEqual([events.length + 1]);
    expect(await alertsOf([broken])).toHaveLength(expected);
  });

  it("reports items that are not objects instead of dropping them silently", async () => {
    const malformed: MalformedEvent[] = [];
    const mixed: unknown[] = [events[0], 42, null, ...events.slice(1)];
    expect(await alertsOf(mixed, { onMalformed: (m: MalformedEvent) => malformed.push(m) })).toHaveLength(
      expected,
    );
    expect(malformed.map((m) => m.line)).toEqual([2, 3]);
  });
});

describe("createDetectStream", () => {
  it("works inside stream.pipeline with NDJSON bytes in and alerts out", async () => {
    const alerts: Alert[] = [];
    await pipeline(
      Readable.from([Buffer.from(text)]),
      createDetectStream([rule]),
      async (source: AsyncIterable<Alert>) => {
        for await (const alert of source) alerts.push(alert);
      },
    );
    expect(alerts).toHaveLength(expected);
    expect(alerts[0]?.["kibana.alert.rule.rule_id"]).toBe(rule.id);
  });
});
