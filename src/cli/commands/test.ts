import { stat } from "node:fs/promises";
import { formatRuleTestResult } from "../../rules/fixtures/run.js";
import { runRuleTests } from "../../rules/fixtures/run-files.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { fixtureCoverage, renderCoverageTable, totalCoverage } from "../coverage.js";
import { CliError, EXIT, paint, useColor, write } from "../io.js";
import { fieldOptions } from "../rules-input.js";

async function defaultPaths(cwd: string): Promise<string[]> {
  const info = await stat(`${cwd}/rules`).catch(() => undefined);
  return info?.isDirectory() ? ["rules"] : ["."];
}

export const testCommand: Command = {
  name: "test",
  summary: "run rule fixtures (events that must and must not match) and report",
  usage: `Usage: kuery test [options] [paths...]

Runs every rule fixture (<rule>.test.json beside <rule>.toml, see docs/rule-tests.md) under the given
files or directories (default: ./rules). Each failure is printed with the rule's explanation. The last
line is "N passed, N failed".

Options:
  --fields <file>    JSON map of field name to type, merged over the built-in ECS schema
  --schema <file>    JSON map of field name to type that replaces the built-in schema
  --verbose          list passing cases too
  --coverage         clause coverage over the fixtures: which clauses were ever true and ever false,
                     which values of value lists were hit (per-rule table, gaps, total; docs/explain.md)
  --coverage-detail  the clause-by-clause table for every rule, not only for rules below 100 %
  --min-coverage <n> exit 1 when the total clause coverage is below n percent (implies --coverage)
  -h, --help         show this help

Exit codes: 0 all cases pass, 1 a case failed or coverage is below --min-coverage, 2 a rule or fixture
could not be loaded.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("test", args, {
      fields: { type: "string" },
      schema: { type: "string" },
      verbose: { type: "boolean" },
      coverage: { type: "boolean" },
      "coverage-detail": { type: "boolean" },
      "min-coverage": { type: "string" },
    });
    const minimum = values["min-coverage"] === undefined ? undefined : Number(values["min-coverage"]);
    if (minimum !== undefined && !(minimum >= 0 && minimum <= 100)) {
      throw new CliError("kuery test: --min-coverage takes a percentage from 0 to 100");
    }
    const paths = positionals.length > 0 ? positionals : await defaultPaths(io.cwd);
    const schemaOptions = await fieldOptions("test", values);
    const run = await runRuleTests(paths, schemaOptions);
    if (run.results.length === 0 && run.errors.length === 0) {
      reportUntested(run.untested, io);
      throw new CliError(`kuery test: no rule fixtures (*.test.json) found in ${paths.join(", ")}`);
    }
    const color = paint(useColor(io));
    for (const result of run.results) {
      if (result.failed === 0 && !values.verbose) continue;
      const text = formatRuleTestResult(result)
        .replace(/^(\s*)✓/gm, `$1${color.green("✓")}`)
        .replace(/^(\s*)✗/gm, `$1${color.red("✗")}`);
      write(io.stdout, text);
    }
    for (const { file, error } of run.errors) write(io.stderr, `${file}: ${error.message}`);
    for (const file of run.untested) write(io.stderr, `no fixture for ${file}`);
    let coverageTooLow = false;
    if (values.coverage || values["coverage-detail"] || minimum !== undefined) {
      const coverages = await fixtureCoverage(run.results, schemaOptions);
      write(
        io.stdout,
        renderCoverageTable(coverages, { color: useColor(io), detail: values["coverage-detail"] === true }),
      );
      const total = totalCoverage(coverages);
      if (minimum !== undefined && total < minimum) {
        coverageTooLow = true;
        write(io.stdout, `clause coverage ${total.toFixed(1)}% is below the minimum of ${minimum}%`);
      }
    }
    const rules = run.results.length;
    write(
      io.stdout,
      `${rules} rule${rules === 1 ? "" : "s"} tested${run.errors.length > 0 ? `, ${run.errors.length} could not be loaded` : ""}`,
    );
    write(io.stdout, `${run.passed} passed, ${run.failed} failed`);
    if (run.errors.length > 0) return EXIT.usage;
    return run.failed > 0 || coverageTooLow ? EXIT.findings : EXIT.ok;
  },
};

const UNTESTED_SHOWN = 10;

function reportUntested(files: readonly string[], io: Parameters<Command["run"]>[1]): void {
  for (const file of files.slice(0, UNTESTED_SHOWN)) write(io.stderr, `no fixture for ${file}`);
  if (files.length > UNTESTED_SHOWN)
    write(io.stderr, `… and ${files.length - UNTESTED_SHOWN} more rule files without a fixture`);
}
