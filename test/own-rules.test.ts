/**
 * The project's own example rules (rules/) are meant to be an exemplary, fully tested set: every fixture
 * passes, every clause of every query is seen both true and false (100 % clause coverage, docs/explain.md),
 * and `kuery check` has nothing to say about them. Fixture format: docs/rule-tests.md.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRules } from "../src/rules/load-files.js";
import { runKuery } from "./helpers/cli.js";
import { repoRoot } from "./helpers/shared.js";

const rulesDir = join(repoRoot, "rules");

interface FixtureCase {
  description: string;
  expect: "match" | "no-match" | { alerts: number };
  index?: string;
  event?: Record<string, unknown>;
  events?: Record<string, unknown>[];
  history?: Record<string, unknown>[];
}

const fixtureFiles = readdirSync(rulesDir)
  .filter((f) => f.endsWith(".test.json"))
  .sort();
const fixtures = new Map(
  fixtureFiles.map((f) => [
    f.replace(/\.test\.json$/, ".toml"),
    (JSON.parse(readFileSync(join(rulesDir, f), "utf8")) as { cases: FixtureCase[] }).cases,
  ]),
);
const caseCount = [...fixtures.values()].reduce((n, cases) => n + cases.length, 0);

/** The dotted field's value, or undefined. */
function get(event: Record<string, unknown> | undefined, path: string): unknown {
  let cur: unknown = event;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

describe("the project's own rules, through the CLI", () => {
  it("every fixture case passes at 100 % clause coverage", () => {
    const result = runKuery(["test", "--min-coverage", "100", "rules/"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe(`${caseCount} passed, 0 failed`);
    expect(result.stdout).toContain(`${fixtures.size} rules tested`);
    expect(result.stdout).toContain(`total clause coverage 100.0% over ${fixtures.size} rules`);
    // No rule is below 100 %, so no gap report is printed.
    expect(result.stdout).not.toContain("gaps:");
    const rows = lines.filter((line) => / {2}\d+\/\d+ {2,}.*%$/.test(line));
    expect(rows).toHaveLength(fixtures.size);
    for (const row of rows) expect(row).toMatch(/ 100\.0%$/);
  });

  it("kuery check finds nothing in rules/", () => {
    const result = runKuery(["check", "rules/"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${fixtures.size} rules checked: 0 errors, 0 warnings, 0 infos`);
  });
});

describe("the project's own fixtures", () => {
  it("every rule file has a fixture and every fixture a rule", () => {
    const ruleFiles = readdirSync(rulesDir)
      .filter((f) => f.endsWith(".toml"))
      .sort();
    expect([...fixtures.keys()].sort()).toEqual(ruleFiles);
    expect(caseCount).toBeGreaterThanOrEqual(100);
  });

  it("descriptions are present and unique within a fixture", () => {
    for (const [file, cases] of fixtures) {
      const descriptions = cases.map((c) => c.description);
      expect(
        descriptions.every((d) => typeof d === "string" && d.length >= 20),
        file,
      ).toBe(true);
      expect(new Set(descriptions).size, file).toBe(descriptions.length);
    }
  });

  it("each rule with index patterns is tested through its data stream and against an index it does not search", async () => {
    for (const [file, cases] of fixtures) {
      const [rule] = await loadRules(join(rulesDir, file));
      if (!rule || rule.index.length === 0) continue;
      const name = basename(file);
      // A match read from a data stream, with no dataset in the event: the index constants supply it.
      const viaIndex = cases.filter(
        (c) =>
          c.expect === "match" &&
          c.index?.startsWith("logs-") === true &&
          rule.appliesToIndex(c.index) &&
          get(c.event, "event.dataset") === undefined &&
          get(c.event, "data_stream.dataset") === undefined,
      );
      expect(viaIndex.length, `${name}: a match read through the index constants`).toBeGreaterThan(0);
      // A no-match whose index the rule's patterns do not cover.
      const uncovered = cases.filter(
        (c) => c.expect === "no-match" && c.index !== undefined && !rule.appliesToIndex(c.index),
      );
      expect(uncovered.length, `${name}: a case from an index outside the patterns`).toBeGreaterThan(0);
      // And a no-match with neither dataset nor index: nothing says where the event comes from.
      expect(
        cases.some(
          (c) =>
            c.expect === "no-match" &&
            c.index === undefined &&
            get(c.event, "event.dataset") === undefined &&
            get(c.event, "data_stream.dataset") === undefined,
        ) || cases.some((c) => c.expect === "no-match" && typeof get(c.event, "event.dataset") === "string"),
        `${name}: a case where event.dataset does not hold`,
      ).toBe(true);
    }
  });

  it("stateful rules have sequence cases on both sides of their window edges", async () => {
    for (const [file, cases] of fixtures) {
      const [rule] = await loadRules(join(rulesDir, file));
      if (!rule || (rule.type !== "threshold" && rule.type !== "new_terms")) continue;
      const sequences = cases.filter((c) => typeof c.expect === "object");
      const alerting = sequences.filter((c) => typeof c.expect === "object" && c.expect.alerts > 0);
      const quiet = sequences.filter((c) => typeof c.expect === "object" && c.expect.alerts === 0);
      expect(alerting.length, file).toBeGreaterThanOrEqual(2);
      expect(quiet.length, file).toBeGreaterThanOrEqual(2);
      if (rule.type === "new_terms")
        expect(sequences.filter((c) => c.history !== undefined).length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("docs/rule-tests.md", () => {
  it("the gap report is real output of kuery test --min-coverage 100", () => {
    const doc = readFileSync(join(repoRoot, "docs", "rule-tests.md"), "utf8");
    const block = /\*\*A gap report\.\*\*[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "kuery-own-rules-"));
    const name = "okta_user_mfa_factors_reset";
    copyFileSync(join(rulesDir, `${name}.toml`), join(dir, `${name}.toml`));
    const cases = (fixtures.get(`${name}.toml`) ?? []).filter((c) =>
      ["all factors reset by a help-desk operator", "factor reset that failed"].includes(c.description),
    );
    expect(cases).toHaveLength(2);
    writeFileSync(join(dir, `${name}.test.json`), JSON.stringify({ cases }));
    const result = runKuery(["test", "--min-coverage", "100", "."], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(block);
  });
});
