import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FixtureError, parseFixture } from "../src/rules/fixtures/format.js";
import { formatRuleTestResult, runRuleFixture } from "../src/rules/fixtures/run.js";
import { runRuleTests } from "../src/rules/fixtures/run-files.js";
import { loadRules } from "../src/rules/load-files.js";
import { repoRoot } from "./helpers/shared.js";

const rulesDir = resolve(repoRoot, "rules");

describe("the project's own rules", () => {
  it("every rule in rules/ has a fixture and passes it", async () => {
    const run = await runRuleTests(rulesDir);
    for (const result of run.results) if (result.failed > 0) console.log(formatRuleTestResult(result));
    expect(run.errors).toEqual([]);
    expect(run.untested).toEqual([]);
    // One result per rule file in rules/ (test/own-rules.test.ts checks the fixtures in detail).
    expect(run.results.length).toBe(readdirSync(rulesDir).filter((f) => f.endsWith(".toml")).length);
    expect(run.failed).toBe(0);
    expect(run.passed).toBe(run.results.reduce((n, r) => n + r.cases.length, 0));
    console.log(`rules/: ${run.results.length} rules, ${run.passed} cases passed`);
    // Every kind the brief asks for is there.
    const rules = await loadRules(rulesDir);
    expect(new Set(rules.map((r) => r.type))).toEqual(new Set(["query", "threshold", "new_terms"]));
    expect(rules.some((r) => r.filters.length > 0)).toBe(true);
  });

  it("a deliberately wrong fixture is reported as failing, with the explanation", async () => {
    const [rule] = await loadRules(
      resolve(rulesDir, "aws_iam_virtual_mfa_registration_with_session_token.toml"),
    );
    if (!rule) throw new Error("rule not loaded");
    const fixture = parseFixture({
      cases: [
        {
          description: "wrongly claims that an AKIA key matches",
          expect: "match",
          event: {
            event: {
              dataset: "aws.cloudtrail",
              provider: "iam.amazonaws.com",
              action: "CreateVirtualMFADevice",
            },
            aws: { cloudtrail: { user_identity: { access_key_id: "AKIAEXAMPLE" } } },
          },
        },
        { description: "wrongly expects an alert from an empty stream", expect: { alerts: 1 }, events: [] },
        {
          description: "a correct no-match case",
          expect: "no-match",
          event: { event: { dataset: "aws.cloudtrail" } },
        },
      ],
    });
    const result = await runRuleFixture(rule, fixture, "inline");
    expect(result.failed).toBe(2);
    expect(result.passed).toBe(1);
    const [first, second] = result.cases;
    expect(first?.passed).toBe(false);
    expect(first?.actual).toBe("no-match");
    expect(first?.explanation?.query.matched).toBe(false);
    expect(second?.actual).toEqual({ alerts: 0 });
    const text = formatRuleTestResult(result);
    expect(text).toContain("✗ wrongly claims that an AKIA key matches");
    expect(text).toContain("query did not match");
    expect(text).toContain("✓ a correct no-match case");
  });

  it("invalid fixtures are refused with the case named", () => {
    expect(() => parseFixture({ cases: [{ expect: "match", event: {} }] })).toThrow(
      /cases\[0\]: every case needs a description/,
    );
    expect(() => parseFixture({ cases: [{ description: "x", expect: "maybe", event: {} }] })).toThrow(
      FixtureError,
    );
    expect(() => parseFixture({ cases: [{ description: "x", expect: { alerts: 1 } }] })).toThrow(/events/);
  });
});
