import { describe, expect, it } from "vitest";
import { parse } from "../src/parser/index.js";
import { corpusRules } from "./helpers/corpus.js";
import { hasShared } from "./helpers/shared.js";

describe.skipIf(!hasShared)("corpus: every rule query parses", () => {
  const rules = corpusRules();

  it("finds the 727 kuery rules", () => {
    expect(rules.length).toBe(727);
    expect(rules.every((r) => r.toml.rule.language === "kuery")).toBe(true);
  });

  it("parses all of them", () => {
    const failures: string[] = [];
    for (const rule of rules) {
      try {
        const ast = parse(rule.toml.rule.query ?? "");
        expect(ast.type).toBeTypeOf("string");
      } catch (error) {
        failures.push(`${rule.file}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
