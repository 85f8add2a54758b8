import { describe, expect, it } from "vitest";
import { KqlSyntaxError, parse } from "../src/parser/index.js";
import { toNeutral } from "./helpers/neutral-ast.js";
import { groupBy, hasShared, readSharedJson } from "./helpers/shared.js";

interface ParseCase {
  id: string;
  group: string;
  query: string;
  ok: boolean;
  ast?: unknown;
  offset?: number;
  message?: string;
  note?: string;
}

const cases = hasShared ? readSharedJson<ParseCase[]>("conformance", "parse.json") : [];
const groups = groupBy(cases, (c) => c.group);

describe.skipIf(!hasShared)("conformance: parse.json", () => {
  it("has the documented number of cases", () => {
    expect(cases.length).toBe(409);
  });
  for (const [group, members] of groups) {
    describe(group, () => {
      for (const c of members) {
        it(`${c.id}: ${JSON.stringify(c.query)}`, () => {
          if (c.ok) {
            expect(toNeutral(parse(c.query))).toEqual(c.ast);
          } else {
            let thrown: unknown;
            try {
              parse(c.query);
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(KqlSyntaxError);
            expect((thrown as KqlSyntaxError).offset).toBe(c.offset);
          }
        });
      }
    });
  }
});
