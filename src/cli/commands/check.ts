import { readFile } from "node:fs/promises";
import { type Finding, lintRule, summarizeFindings } from "../../lint/index.js";
import type { SourceRange } from "../../parser/ast.js";
import { locate, renderCaret } from "../../parser/errors.js";
import type { CompiledRule } from "../../rules/compiled-rule.js";
import { loadRules } from "../../rules/load-files.js";
import { locateKey } from "../../rules/toml-locate.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { CliError, EXIT, paint, useColor, write } from "../io.js";
import { fieldOptions } from "../rules-input.js";

const SEVERITIES = ["info", "warning", "error"] as const;
type Severity = (typeof SEVERITIES)[number];

interface Located {
  readonly file: string | undefined;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly finding: Finding;
  readonly query: string;
  /** Position in the rule file, when the query's place in it is known. */
  readonly fileLine?: number;
  readonly fileColumn?: number;
}

/** Where the query text starts in a TOML rule file: line and column of its first character. */
async function queryStart(file: string | undefined): Promise<{ line: number; column: number } | undefined> {
  if (file === undefined || !file.endsWith(".toml")) return undefined;
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const key = locateKey(text, "rule.query");
  if (key?.valueColumn === undefined || key.valueText === undefined) return undefined;
  const opener = /^('''|"""|'|")/.exec(key.valueText)?.[1] ?? "";
  // A newline right after ''' or """ is not part of the string (TOML).
  if (opener.length === 3 && key.valueText.trim() === opener) return { line: key.line + 1, column: 1 };
  return { line: key.line, column: key.valueColumn + opener.length };
}

function positionInFile(
  query: string,
  range: SourceRange,
  start: { line: number; column: number } | undefined,
) {
  if (!start) return {};
  const at = locate(query, range.start);
  return {
    fileLine: start.line + at.line - 1,
    fileColumn: at.line === 1 ? start.column + at.column - 1 : at.column,
  };
}

function queryOf(rule: CompiledRule): string {
  return rule.spec.query;
}

export const checkCommand: Command = {
  name: "check",
  summary: "parse and lint rules: unknown fields, type traps, wildcard and escape pitfalls",
  usage: `Usage: kuery check [options] [paths...]

Loads every rule under the paths (default: ./rules) and lints its query against the schema: unknown
fields (with suggestions), type traps, wildcard values that Kibana splits at spaces, '?' used as a
wildcard, missing 'or' in value lists, escape traps, duplicates, queries Elasticsearch would reject.
Every finding code is described in docs/lint.md.

Options:
  --format <text|json>   output format (default text)
  --disable <code>       turn a finding code off (repeatable)
  --fields <file>        JSON map of field name to type, merged over the built-in ECS schema
  --schema <file>        JSON map of field name to type that replaces the built-in schema
  --min-severity <s>     show only findings of this severity or higher: info, warning, error (default info)
  -h, --help             show this help

Exit codes: 0 no warnings or errors (info findings allowed), 1 warnings, 2 errors: a rule that does not
load or parse, or a query Elasticsearch or Kibana would refuse.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("check", args, {
      format: { type: "string", default: "text" },
      disable: { type: "string", multiple: true },
      fields: { type: "string" },
      schema: { type: "string" },
      "min-severity": { type: "string", default: "info" },
    });
    if (values.format !== "text" && values.format !== "json")
      throw new CliError("kuery check: --format is text or json");
    const minimum = SEVERITIES.indexOf(values["min-severity"] as Severity);
    if (minimum < 0) throw new CliError("kuery check: --min-severity is info, warning or error");
    const schemaOptions = await fieldOptions("check", values);
    const paths = positionals.length > 0 ? positionals : ["rules"];
    const { rules, failures } = await loadRules(paths, { ...schemaOptions, onError: "collect", cwd: io.cwd });
    const lintOptions = {
      ...schemaOptions,
      ...(Array.isArray(values.disable) ? { disable: values.disable as never } : {}),
    };
    let located: Located[] = [];
    for (const rule of rules) {
      const query = queryOf(rule);
      let findings: Finding[];
      try {
        findings = lintRule({ query, language: rule.language, index: [...rule.index] }, lintOptions);
      } catch (error) {
        throw new CliError(`kuery check: ${(error as Error).message}`);
      }
      if (findings.length === 0) continue;
      const start = await queryStart(rule.file);
      for (const finding of findings) {
        located.push({
          file: rule.file,
          ruleId: rule.id,
          ruleName: rule.name,
          finding,
          query,
          ...positionInFile(query, finding.range, start),
        });
      }
    }
    located = located.filter((l) => SEVERITIES.indexOf(l.finding.severity) >= minimum);
    const loadErrors = failures.filter((f) => !f.unsupported);
    const summary = summarizeFindings(located.map((l) => l.finding));

    if (values.format === "json") {
      write(
        io.stdout,
        JSON.stringify(
          {
            rules: rules.length,
            summary,
            findings: located.map((l) => ({
              file: l.file,
              ruleId: l.ruleId,
              ruleName: l.ruleName,
              ...(l.fileLine === undefined ? {} : { line: l.fileLine, column: l.fileColumn }),
              ...l.finding,
              queryLine: locate(l.query, l.finding.range.start).line,
              queryColumn: locate(l.query, l.finding.range.start).column,
            })),
            errors: failures.map((f) => ({
              file: f.file,
              code: f.error.code,
              message: f.error.message,
              unsupported: f.unsupported,
            })),
          },
          null,
          2,
        ),
      );
    } else {
      const color = paint(useColor(io));
      const tint = { error: color.red, warning: color.yellow, info: color.dim };
      for (const failure of failures) write(io.stderr, failure.error.message);
      for (const l of located) {
        const where =
          l.fileLine === undefined ? (l.file ?? l.ruleId) : `${l.file}:${l.fileLine}:${l.fileColumn}`;
        const { finding } = l;
        const caret = renderCaret(l.query, finding.range.start, finding.range.end - finding.range.start)
          .split("\n")
          .map((line) => `    ${line}`)
          .join("\n");
        write(
          io.stdout,
          `${where}: ${tint[finding.severity](finding.severity)} ${finding.code}: ${finding.message}\n${caret}${finding.hint ? `\n    hint: ${finding.hint}` : ""}`,
        );
      }
      const counts = SEVERITIES.map(
        (s) => `${summary.bySeverity[s]} ${s}${summary.bySeverity[s] === 1 ? "" : "s"}`,
      ).reverse();
      write(
        io.stdout,
        `${rules.length} rules checked: ${counts.join(", ")}${loadErrors.length > 0 ? `, ${loadErrors.length} rules failed to load` : ""}`,
      );
    }
    if (loadErrors.length > 0 || summary.bySeverity.error > 0) return EXIT.usage;
    return summary.bySeverity.warning > 0 ? EXIT.findings : EXIT.ok;
  },
};
