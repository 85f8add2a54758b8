import { describe, expect, it } from "vitest";
import { compileQuery, KqlCompileError } from "../src/eval/index.js";
import type { FieldType } from "../src/schema/index.js";
import { hasShared, readSharedJson } from "./helpers/shared.js";

interface EvalCase {
  readonly id: string;
  readonly group: string;
  readonly query: string;
  readonly fields: Record<string, FieldType>;
  readonly es_types?: Record<string, FieldType[]>;
  readonly doc: object;
  readonly now?: string;
  readonly match: boolean;
  readonly es_error?: boolean;
  readonly note: string;
}

const cases: EvalCase[] = hasShared ? readSharedJson<EvalCase[]>("conformance", "eval.json") : [];
const groups = [...new Set(cases.map((c) => c.group))];

/**
 * Every case of ../shared/conformance/eval.json. The case's `fields` is the whole mapping (patterns
 * expand over exactly those names), so it replaces the built-in schema; absent fields follow the
 * dynamic-mapping default.
 */
describe.skipIf(!hasShared)("eval.json conformance", () => {
  it("has all 372 cases", () => {
    expect(cases).toHaveLength(372);
  });

  for (const group of groups) {
    describe(group, () => {
      for (const c of cases.filter((x) => x.group === group)) {
        it(`${c.id}: ${c.query} — ${c.note}`, () => {
          const options = {
            schema: c.fields,
            ...(c.es_types && { esTypes: c.es_types }),
            ...(c.now && { now: c.now }),
          };
          if (c.es_error) {
            // The search fails: an error at compile time, or a predicate that never matches this event.
            let matched: boolean | undefined;
            try {
              matched = compileQuery(c.query, options)(c.doc);
            } catch (error) {
              expect(error).toBeInstanceOf(KqlCompileError);
              return;
            }
            expect(matched).toBe(false);
            return;
          }
          expect(compileQuery(c.query, options)(c.doc)).toBe(c.match);
        });
      }
    });
  }
});
