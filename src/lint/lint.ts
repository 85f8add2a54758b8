import { resolveOptions } from "../eval/options.js";
import type { KqlNode } from "../parser/ast.js";
import { KqlSyntaxError } from "../parser/errors.js";
import { parse } from "../parser/parse.js";
import { LINT_CATALOG, LINT_CODES, type LintCode } from "./catalog.js";
import { buildContext, finding } from "./context.js";
import { RULES } from "./rules/index.js";
import type { Finding, LintOptions } from "./types.js";

const OPTION_KEYS = new Set(["schema", "fields", "esTypes", "source", "disable"]);

/**
 * Lints a KQL query: returns the findings (possibly none), ordered by position. Never throws for a bad
 * query — a syntax error is a `KQL_LINT_SYNTAX_ERROR` finding — only for invalid options.
 */
export function lint(query: string | KqlNode, options: LintOptions = {}): Finding[] {
  for (const key of Object.keys(options))
    if (!OPTION_KEYS.has(key)) throw new TypeError(`lint(): unknown option "${key}"`);
  const disabled = new Set<string>(options.disable ?? []);
  for (const code of disabled)
    if (!(code in LINT_CATALOG)) throw new TypeError(`lint(): unknown code "${code}" in disable`);
  const { schema } = resolveOptions({
    ...(options.schema !== undefined && { schema: options.schema }),
    ...(options.fields !== undefined && { fields: options.fields }),
    ...(options.esTypes !== undefined && { esTypes: options.esTypes }),
  });

  let ast: KqlNode;
  let source: string | undefined;
  if (typeof query === "string") {
    source = query;
    try {
      ast = parse(query);
    } catch (error) {
      if (!(error instanceof KqlSyntaxError)) throw error;
      if (disabled.has("KQL_LINT_SYNTAX_ERROR")) return [];
      return [
        finding(
          "KQL_LINT_SYNTAX_ERROR",
          { start: error.offset, end: error.offset + error.length },
          `${error.summary} (${error.code})`,
          { hint: error.hint },
        ),
      ];
    }
  } else {
    ast = query;
    source = options.source;
  }

  const ctx = buildContext(ast, source, schema);
  const out: Finding[] = [];
  for (const rule of RULES) {
    if (rule.codes.every((code) => disabled.has(code))) continue;
    for (const f of rule.check(ctx)) if (!disabled.has(f.code)) out.push(f);
  }
  return out.sort(
    (a, b) =>
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      LINT_CODES.indexOf(a.code) - LINT_CODES.indexOf(b.code),
  );
}

/** The parts of a detection rule `lintRule` reads (the TOML `[rule]` table has them under these names). */
export interface RuleLike {
  readonly query: string;
  /** `kuery` (default) or `kql`; other languages (eql, esql, lucene) are not KQL and give no findings. */
  readonly language?: string;
  /** The rule's index patterns; accepted for forward compatibility, not used yet. */
  readonly index?: readonly string[];
}

/** Lints a detection rule's query; an empty list for rules that are not written in KQL. */
export function lintRule(rule: RuleLike, options: LintOptions = {}): Finding[] {
  const language = (rule.language ?? "kuery").toLowerCase();
  if (language !== "kuery" && language !== "kql") return [];
  return lint(rule.query, options);
}

/** Findings counted per code (codes in catalog order, only those present) and per severity. */
export interface FindingSummary {
  readonly total: number;
  readonly bySeverity: Readonly<Record<"error" | "warning" | "info", number>>;
  readonly byCode: Readonly<Partial<Record<LintCode, number>>>;
}

export function summarizeFindings(findings: readonly Finding[]): FindingSummary {
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const counts = new Map<LintCode, number>();
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  }
  const byCode: Partial<Record<LintCode, number>> = {};
  for (const code of LINT_CODES) {
    const n = counts.get(code);
    if (n !== undefined) byCode[code] = n;
  }
  return { total: findings.length, bySeverity, byCode };
}
