/**
 * Event reading and cheap matchers under volume: whatever bytes arrive, every line is an event, blank,
 * or a malformed report with its line number — nothing is lost and nothing else is thrown; and the
 * linear wildcard matcher agrees with an obviously correct backtracking one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileWildcard } from "../src/eval/wildcard.js";
import { type MalformedEvent, readNdjson } from "../src/events/ndjson.js";
import { compileEsWildcard } from "../src/rules/filters/es-wildcard.js";
import { runs } from "./helpers/fuzz.js";
import { hostileEvent } from "./helpers/hostile.js";
import { naiveMatch } from "./helpers/wildcard-oracle.js";

/** Lines that are events, almost-events and garbage. */
const line = fc.oneof(
  { weight: 3, arbitrary: hostileEvent.map((event) => JSON.stringify(event)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      "   ",
      "null",
      "[]",
      "1",
      '"x"',
      "{",
      '{"a":}',
      "\uFEFF{}",
      '{"a":1}\r',
      "{}{}",
      '{"a":"\\ud800"}',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }).map((s) => s.replace(/\n/g, " ")) },
  {
    weight: 1,
    arbitrary: fc
      .nat(1200)
      .map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`)
      .map((a) => `{"a":${a}}`),
  },
);

describe("fuzz: NDJSON reading", () => {
  it("every non-blank line is exactly one event or one malformed report, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.boolean(),
        fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 2 }),
        async (lines, cuts, asBytes, garbage) => {
          const text = lines.join("\n");
          // The same text in chunks cut anywhere, as strings or bytes (with invalid UTF-8 lines added).
          const bytes = Buffer.concat([
            Buffer.from(text),
            ...garbage.map((g) =>
              Buffer.concat([Buffer.from("\n"), Buffer.from(g.map((b) => (b === 0x0a ? 0xff : b)))]),
            ),
          ]);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: (string | Uint8Array)[] = [];
          let at = 0;
          for (const point of [...points, bytes.length]) {
            const piece = bytes.subarray(at, point);
            chunks.push(asBytes || garbage.length > 0 ? piece : piece.toString("utf8"));
            at = point;
          }
          const seen: number[] = [];
          const malformed: MalformedEvent[] = [];
          for await (const event of readNdjson(asBytes || garbage.length > 0 ? chunks : [text], {
            onMalformed: (m) => malformed.push(m),
          })) {
            expect(event.event).toBeTypeOf("object");
            seen.push(event.line);
          }
          for (const m of malformed) seen.push(m.line);
          const lineCount = bytes.toString("latin1").split("\n").length;
          expect(new Set(seen).size).toBe(seen.length);
          for (const n of seen) expect(n).toBeGreaterThanOrEqual(1);
          for (const n of seen) expect(n).toBeLessThanOrEqual(lineCount);
          // Every line that is not blank was accounted for.
          const blank = lines.filter((l) => l.replace(/^\uFEFF/, "").trim() === "").length;
          if (garbage.length === 0) expect(seen.length).toBe(lines.length - blank);
        },
      ),
      { numRuns: runs(800) },
    );
  });
});

describe("fuzz: wildcard matcher", () => {
  const unit = fc.constantFrom("a", "b", "ab", "aa", " ", "é", "\u{1F600}", "\uD800");
  const segment = fc.array(unit, { maxLength: 3 }).map((xs) => xs.join(""));

  it("agrees with a naive backtracking matcher", () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        fc.array(unit, { maxLength: 14 }),
        (parts, chars) => {
          const value = chars.join("");
          expect(compileWildcard(parts)(value)).toBe(naiveMatch(parts, value));
        },
      ),
      { numRuns: runs(3000) },
    );
  });
});

/** The whole-pattern regular expression: right by construction, exponential on long values. */
function regexEsWildcard(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  let source = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      source += (pattern[i + 1] ?? "\\").replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
      i++;
    } else if (c === "*") source += "[\\s\\S]*";
    else if (c === "?") source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  }
  const regexp = new RegExp(`${source}$`, caseInsensitive ? "iu" : "u");
  return (value) => regexp.test(value);
}

describe("fuzz: Elasticsearch wildcard syntax (rule filters)", () => {
  const unit = fc.constantFrom("a", "A", "b", "*", "?", "\\", ".", "é", "\u{1F600}", "ß");
  it("the segment matcher agrees with the whole-pattern regular expression", () => {
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 8 }).map((xs) => xs.join("")),
        fc
          .array(fc.constantFrom("a", "A", "b", "*", "?", "\\", ".", "é", "\u{1F600}", "ß", "ss"), {
            maxLength: 10,
          })
          .map((xs) => xs.join("")),
        fc.boolean(),
        (pattern, value, caseInsensitive) => {
          expect(compileEsWildcard(pattern, caseInsensitive)(value)).toBe(
            regexEsWildcard(pattern, caseInsensitive)(value),
          );
        },
      ),
      { numRuns: runs(2000) },
    );
  });
});
