import { readFile, stat, writeFile } from "node:fs/promises";
import fg from "fast-glob";
import { format, KqlSyntaxError } from "../../parser/index.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { CliError, EXIT, write } from "../io.js";
import { readQueryArgument } from "../query-input.js";
import { rewriteRuleQuery } from "../rewrite-query.js";

async function isPath(candidate: string): Promise<boolean> {
  if (fg.isDynamicPattern(candidate)) return true;
  return stat(candidate).then(
    () => true,
    () => false,
  );
}

async function ruleFiles(patterns: string[], cwd: string): Promise<string[]> {
  const expanded: string[] = [];
  for (const pattern of patterns) {
    const info = await stat(pattern).catch(() => undefined);
    const glob = info?.isDirectory() ? `${fg.convertPathToPattern(pattern)}/**/*.toml` : pattern;
    const matches = info?.isFile() ? [pattern] : await fg(glob, { cwd, absolute: false });
    if (matches.length === 0) throw new CliError(`kuery fmt: no rule files match '${pattern}'`);
    expanded.push(...matches.sort());
  }
  return [...new Set(expanded)];
}

export const fmtCommand: Command = {
  name: "fmt",
  summary: "print a query, or the queries of rule files, in canonical form",
  usage: `Usage: kuery fmt [options] <query | ->
       kuery fmt [options] <rule.toml | dir | glob>...

Prints the canonical form of a KQL query: lower-case keywords, value lists grouped, values re-escaped.
Given rule files (detection-rules TOML), formats each file's [rule] query.

Options:
  --write            rewrite rule files in place; only the query changes, every other byte stays
  --check            exit 1 when any rule file is not in canonical form (nothing is written)
  --line-width <n>   break value lists and and/or chains longer than n characters (default 100, 0 = never)
  -h, --help         show this help

Exit codes: 0 done, 1 --check found unformatted files, 2 syntax or usage error.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("fmt", args, {
      write: { type: "boolean" },
      check: { type: "boolean" },
      "line-width": { type: "string", default: "100" },
    });
    const width = Number(values["line-width"]);
    if (!Number.isInteger(width) || width < 0)
      throw new CliError("kuery fmt: --line-width takes a whole number");
    const options = width === 0 ? {} : { lineWidth: width };
    const files = positionals.length > 0 && (await Promise.all(positionals.map(isPath))).every(Boolean);
    if (!files) {
      if (values.write || values.check) throw new CliError("kuery fmt: --write and --check take rule files");
      write(io.stdout, format(await readQueryArgument("fmt", positionals, io), options));
      return EXIT.ok;
    }
    let unformatted = 0;
    let failed = 0;
    for (const file of await ruleFiles(positionals, io.cwd)) {
      const source = await readFile(file, "utf8");
      let updated: string;
      let formatted = "";
      try {
        updated = rewriteRuleQuery(source, (query) => {
          formatted = format(query, options);
          return formatted;
        });
      } catch (error) {
        failed += 1;
        const detail =
          error instanceof KqlSyntaxError ? `rule.query: ${error.message}` : (error as Error).message;
        write(io.stderr, `${file}: ${detail}`);
        continue;
      }
      if (!values.write && !values.check) {
        write(io.stdout, `# ${file}\n${formatted}`);
        continue;
      }
      if (updated === source) continue;
      unformatted += 1;
      if (values.write) {
        await writeFile(file, updated);
        write(io.stderr, `formatted ${file}`);
      } else {
        write(io.stdout, `${file}: not in canonical form`);
      }
    }
    if (failed > 0) return EXIT.usage;
    return values.check && unformatted > 0 ? EXIT.findings : EXIT.ok;
  },
};
