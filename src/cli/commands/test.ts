import { stat } from "node:fs/promises";
import { formatRuleTestResult } from "../../rules/fixtures/run.js";
import { runRuleTests } from "../../rules/fixtures/run-files.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { EXIT, paint, useColor, write } from "../io.js";
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
  -h, --help         show this help

Exit codes: 0 all cases pass, 1 a case failed, 2 a rule or fixture could not be loaded.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("test", args, {
      fields: { type: "string" },
      schema: { type: "string" },
      verbose: { type: "boolean" },
    });
    const paths = positionals.length > 0 ? positionals : await defaultPaths(io.cwd);
    const run = await runRuleTests(paths, await fieldOptions("test", values));
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
    const rules = run.results.length;
    write(
      io.stdout,
      `${rules} rule${rules === 1 ? "" : "s"} tested${run.errors.length > 0 ? `, ${run.errors.length} could not be loaded` : ""}`,
    );
    write(io.stdout, `${run.passed} passed, ${run.failed} failed`);
    if (run.errors.length > 0) return EXIT.usage;
    return run.failed > 0 ? EXIT.findings : EXIT.ok;
  },
};
