/** Clause coverage of rules over their fixtures, for `kuery test --coverage`. */
import { readFile } from "node:fs/promises";
import { type CoverageReport, createCoverage, renderCoverage } from "../eval/explain/index.js";
import type { CompileOptions } from "../eval/options.js";
import type { CompiledRule } from "../rules/compiled-rule.js";
import { parseFixture } from "../rules/fixtures/format.js";
import type { RuleTestResult } from "../rules/fixtures/run.js";
import { loadRules } from "../rules/load-files.js";

export interface RuleCoverage {
  readonly rule: CompiledRule;
  readonly report: CoverageReport;
}

/** Records every fixture event of each tested rule (as the rule sees it, index constants included). */
export async function fixtureCoverage(
  results: readonly RuleTestResult[],
  options: Pick<CompileOptions, "fields" | "schema">,
): Promise<RuleCoverage[]> {
  const out: RuleCoverage[] = [];
  for (const result of results) {
    if (result.fixtureFile === undefined || result.ruleFile === undefined) continue;
    const fixture = parseFixture(JSON.parse(await readFile(result.fixtureFile, "utf8")), result.fixtureFile);
    const rule = (await loadRules(result.ruleFile, options)).find((r) => r.id === result.ruleId);
    if (!rule) continue;
    const coverage = createCoverage(rule.spec.query, options);
    for (const testCase of fixture.cases) {
      // An index the rule does not search never reaches its query: nothing to cover.
      if (testCase.index !== undefined && !rule.appliesToIndex(testCase.index)) continue;
      const events = testCase.kind === "event" ? [testCase.event] : testCase.events;
      for (const event of events) coverage.record(rule.eventForIndex(event, testCase.index));
    }
    out.push({ rule, report: coverage.report() });
  }
  return out;
}

/** Share of clause outcomes and list values observed over all rules, in percent. */
export function totalCoverage(coverages: readonly RuleCoverage[]): number {
  let seen = 0;
  let total = 0;
  for (const { report } of coverages) {
    seen += report.outcomes.observed + report.values.hit;
    total += report.outcomes.total + report.values.total;
  }
  return total === 0 ? 100 : (seen / total) * 100;
}

/** The per-rule table, the gaps of rules below 100 %, and the total line. */
export function renderCoverageTable(
  coverages: readonly RuleCoverage[],
  options: { color?: boolean; detail?: boolean },
): string {
  const width = Math.min(60, Math.max(4, ...coverages.map((c) => c.rule.name.length)));
  const lines = [
    `${"rule".padEnd(width)}  ${"events".padStart(6)}  ${"outcomes".padStart(9)}  ${"values".padStart(9)}  ${"coverage".padStart(8)}`,
  ];
  for (const { rule, report } of coverages) {
    const name = rule.name.length > width ? `${rule.name.slice(0, width - 1)}…` : rule.name;
    lines.push(
      `${name.padEnd(width)}  ${String(report.events).padStart(6)}  ${`${report.outcomes.observed}/${report.outcomes.total}`.padStart(9)}  ${`${report.values.hit}/${report.values.total}`.padStart(9)}  ${`${report.percent.toFixed(1)}%`.padStart(8)}`,
    );
  }
  const detailed = coverages.filter((c) => options.detail || c.report.percent < 100);
  for (const { rule, report } of detailed) {
    lines.push(
      "",
      `${rule.name} (${rule.file ?? rule.id})`,
      renderCoverage(report, { color: options.color === true }),
    );
  }
  lines.push(
    "",
    `total clause coverage ${totalCoverage(coverages).toFixed(1)}% over ${coverages.length} rules`,
  );
  return lines.join("\n");
}
