import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCoverage, type ExplainNode, explain } from "../src/eval/explain/index.js";
import { compileQuery, KqlCompileError } from "../src/eval/index.js";
import { EVAL_FIELDS, evalEvent, evalQuery } from "./helpers/eval-arbitraries.js";

/** The explanation node at a coverage path (child indices), or undefined past a nested group. */
function at(root: ExplainNode | undefined, path: string): ExplainNode | undefined {
  let node = root;
  for (const step of path === "" ? [] : path.split(".")) {
    if (!node || !("children" in node)) return undefined;
    node = node.children[Number(step)];
  }
  return node;
}

describe("coverage agrees with explain", () => {
  it("per event: the predicate's answer, and each clause outside nested groups as explained", () => {
    fc.assert(
      fc.property(evalQuery, fc.array(evalEvent, { minLength: 1, maxLength: 5 }), (ast, events) => {
        const options = { schema: EVAL_FIELDS, now: "2024-05-10T12:00:00Z" };
        let predicate: ((e: object) => boolean) | undefined;
        try {
          predicate = compileQuery(ast, options);
        } catch (error) {
          if (!(error instanceof KqlCompileError)) throw error;
        }
        const coverage = createCoverage(ast, options);
        const expected = new Map<string, [number, number, number]>();
        let matched = 0;
        for (const event of events) {
          const answer = predicate ? predicate(event) : false;
          expect(coverage.record(event)).toBe(answer);
          if (answer) matched++;
          const tree = explain(ast, event, options).root;
          for (const clause of coverage.report().clauses) {
            if (clause.path.includes("[")) continue;
            const node = at(tree, clause.path);
            if (!node) continue;
            const counts = expected.get(clause.path) ?? [0, 0, 0];
            if (!node.evaluated) counts[2]++;
            else if (node.result) counts[0]++;
            else counts[1]++;
            expected.set(clause.path, counts);
          }
        }
        const report = coverage.report();
        expect(report.events).toBe(events.length);
        expect(report.matched).toBe(matched);
        for (const clause of report.clauses) {
          const counts = expected.get(clause.path);
          // Outside nested groups a clause runs at most once per event: exactly one of the three.
          if (counts)
            expect([clause.trueEvents, clause.falseEvents, clause.notEvaluatedEvents]).toEqual(counts);
          expect(clause.notEvaluatedEvents).toBeLessThanOrEqual(events.length);
        }
        expect(report.percent).toBeGreaterThanOrEqual(0);
        expect(report.percent).toBeLessThanOrEqual(100);
      }),
      { numRuns: 500 },
    );
  });
});
