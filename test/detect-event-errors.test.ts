import { describe, expect, it } from "vitest";
import { KqlEventError } from "../src/eval/index.js";
import type { EventFailure } from "../src/rules/detect/detect.js";
import { compileRule, detect } from "../src/rules/index.js";

const rule = compileRule({
  rule_id: "e",
  name: "e",
  type: "query",
  query: "hit",
  severity: "low",
  risk_score: 1,
});

/** Deeper than the stack: free text on it overflows, and the predicate throws KqlEventError. */
function deep(levels: number): object {
  let node: object = { a: "miss" };
  for (let i = 1; i < levels; i++) node = { a: node };
  return node;
}

describe("detect(): an event that cannot be evaluated", () => {
  it("is reported through onEventError, counts as not matched, and the stream goes on", async () => {
    // Readable once (the shape check passes), failing afterwards (the rule's evaluation).
    let reads = 0;
    const throwing = Object.defineProperty({}, "a", {
      enumerable: true,
      get() {
        reads += 1;
        if (reads > 1) throw new Error("accessor");
        return "x";
      },
    });
    const failures: EventFailure[] = [];
    const seen: number[] = [];
    const alerts = [];
    for await (const alert of detect([rule], [{ a: "hit" }, throwing, deep(200_000), { b: "hit" }], {
      maxEventDepth: Number.MAX_SAFE_INTEGER,
      onEventError: (failure) => failures.push(failure),
      onEvent: (_event, _matched, seq) => seen.push(seq),
    }))
      alerts.push(alert);
    expect(alerts).toHaveLength(2);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(failures.map((f) => [f.ruleId, f.seq])).toEqual([
      ["e", 1],
      ["e", 2],
    ]);
    expect((failures[0]?.error as Error | undefined)?.message).toBe("accessor");
    expect(failures[1]?.error).toBeInstanceOf(KqlEventError);
  });

  it("without onEventError, ends the stream with the error (the behaviour callers relied on)", async () => {
    const run = async () => {
      for await (const _ of detect([rule], [deep(200_000)], { maxEventDepth: Number.MAX_SAFE_INTEGER }));
    };
    await expect(run()).rejects.toBeInstanceOf(KqlEventError);
  });
});
