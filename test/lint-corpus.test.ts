import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Finding, LINT_CODES, lintRule, summarizeFindings } from "../src/lint/index.js";
import { corpusRules } from "./helpers/corpus.js";
import { hasShared, repoRoot } from "./helpers/shared.js";

/** The per-code counts committed in docs/lint-report.md (between the counts markers). */
function committedCounts(): Record<string, number> {
  const doc = readFileSync(`${repoRoot}/docs/lint-report.md`, "utf8");
  const block = doc.split("<!-- counts:start -->")[1]?.split("<!-- counts:end -->")[0] ?? "";
  const counts: Record<string, number> = {};
  for (const match of block.matchAll(/^\| `(KQL_LINT_\w+)` \| \w+ \| (\d+) \|$/gm)) {
    counts[match[1] as string] = Number(match[2]);
  }
  return counts;
}

describe.skipIf(!hasShared)("lint over the detection-rules corpus", () => {
  const rules = corpusRules().filter((r) => typeof r.toml.rule.query === "string");
  const findings: Finding[] = [];

  it("lints all 727 rules without throwing", () => {
    expect(rules).toHaveLength(727);
    for (const rule of rules) {
      const { query, language } = rule.toml.rule;
      findings.push(...lintRule({ query: query as string, ...(language !== undefined && { language }) }));
    }
    expect(findings.length).toBeGreaterThan(0);
  });

  it("matches the per-code counts committed in docs/lint-report.md", () => {
    const byCode = summarizeFindings(findings).byCode as Record<string, number>;
    const actual = Object.fromEntries(LINT_CODES.map((code) => [code, byCode[code] ?? 0]));
    expect(actual).toEqual(committedCounts());
  });

  it("finds no syntax error in a corpus that Kibana runs", () => {
    expect(findings.filter((f) => f.code === "KQL_LINT_SYNTAX_ERROR")).toEqual([]);
  });
});
