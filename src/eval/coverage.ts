import type { KqlNode, KqlNodeType, SourceRange } from "../parser/ast.js";
import { termText } from "../parser/ast.js";
import { type ExplainOptions, TracedQuery } from "./explain/explain.js";
import type { ExplainError } from "./explain/types.js";

/**
 * Clause coverage: which clauses of a query a set of events made true and false, and which values of
 * each value list were hit. Compiles once with the explain tracer, then each `record(event)` runs the
 * compiled query (the same answers as `compileQuery`) and reads the trace.
 *
 * Definitions (docs/explain.md):
 * - a **condition** is a comparison (`match`, `exists`, `range`, free text) that is not a value of a
 *   value list, or a value list as a whole; it has two outcomes, true and false;
 * - a **value list** is an `or` with two or more plain (non-wildcard) `match` arguments on the same
 *   field (`f:(a or b)`, also `f:a or f:b`); its values are those arguments; the list is true in a
 *   document when a value is, false when every value was evaluated and none is;
 * - an outcome is **observed** when some recorded event produced it at least once (in any nested
 *   element); a value is **hit** when it was true for some event;
 * - `percent` = (observed outcomes + values hit) / (2 × conditions + values) × 100; 100 when the query
 *   has no condition (`*`).
 */
export interface ClauseCoverage {
  /** Position in the tree: child indices from the root (`""` for the root, `"1.0"`, …). */
  readonly path: string;
  readonly depth: number;
  readonly type: KqlNodeType;
  /** `condition`, `list` (a value list, also a condition), `value` (a value of a list), `structure`. */
  readonly role: "condition" | "list" | "value" | "structure";
  readonly range: SourceRange;
  readonly text: string;
  /** Events in which the clause was true (at least once) / false (at least once) / never evaluated. */
  readonly trueEvents: number;
  readonly falseEvents: number;
  readonly notEvaluatedEvents: number;
}

export interface CoverageReport {
  readonly query: string;
  /** Events recorded. */
  readonly events: number;
  /** Events the query matched. */
  readonly matched: number;
  /** Events for which Elasticsearch would refuse the search (nothing evaluated). */
  readonly refused: number;
  /** The query cannot run at all: nothing is ever evaluated. */
  readonly error?: ExplainError;
  /** Every node of the tree, in source (pre-)order. */
  readonly clauses: readonly ClauseCoverage[];
  /** Condition outcomes observed out of 2 × conditions. */
  readonly outcomes: { readonly observed: number; readonly total: number };
  /** Values of value lists hit out of all such values. */
  readonly values: { readonly hit: number; readonly total: number };
  readonly percent: number;
}

export interface Coverage {
  /** Runs the query on one event and accumulates; returns whether it matched. */
  record(event: object): boolean;
  report(): CoverageReport;
}

interface Clause {
  readonly node: KqlNode;
  readonly path: string;
  depth: number;
  role: ClauseCoverage["role"];
  readonly text: string;
  /** For a value list: its values. */
  members?: KqlNode[];
  trueEvents: number;
  falseEvents: number;
  notEvaluatedEvents: number;
}

/** Starts accumulating clause coverage for a query (text or tree); compiles it once. */
export function createCoverage(query: string | KqlNode, options: ExplainOptions = {}): Coverage {
  return new CoverageRecorder(new TracedQuery(query, options));
}

class CoverageRecorder implements Coverage {
  private readonly clauses: Clause[] = [];
  private events = 0;
  private matched = 0;
  private refused = 0;

  constructor(private readonly traced: TracedQuery) {
    if (traced.ast) this.collect(traced.ast, "", 0, "");
  }

  private collect(node: KqlNode, path: string, depth: number, prefix: string): void {
    const role: Clause["role"] =
      node.type === "match" || node.type === "exists" || node.type === "range" || node.type === "freeText"
        ? "condition"
        : "structure";
    const clause: Clause = {
      node,
      path,
      depth,
      role,
      text: this.traced.textOf(node),
      trueEvents: 0,
      falseEvents: 0,
      notEvaluatedEvents: 0,
    };
    this.clauses.push(clause);
    const at = (i: number) => (path === "" ? String(i) : `${path}.${i}`);
    switch (node.type) {
      case "and":
      case "or": {
        const start = this.clauses.length;
        node.args.forEach((arg, i) => {
          this.collect(arg, at(i), depth + 1, prefix);
        });
        if (node.type === "or") this.markValueList(clause, this.clauses.slice(start), depth + 1, prefix);
        return;
      }
      case "not":
        this.collect(node.arg, at(0), depth + 1, prefix);
        return;
      case "nested":
        this.collect(node.query, at(0), depth + 1, `${prefix}${termText(node.path)}.`);
        return;
      default:
        return;
    }
  }

  /** The or's direct plain-value matches, grouped by field: a group of two or more is a value list. */
  private markValueList(
    or: Clause,
    descendants: readonly Clause[],
    childDepth: number,
    prefix: string,
  ): void {
    const byField = new Map<string, Clause[]>();
    for (const clause of descendants) {
      const node = clause.node;
      if (clause.depth !== childDepth || node.type !== "match" || node.value.kind !== "literal") continue;
      const field = prefix + termText(node.field);
      const list = byField.get(field);
      if (list) list.push(clause);
      else byField.set(field, [clause]);
    }
    const lists = [...byField.values()].filter((l) => l.length >= 2);
    if (lists.length === 0) return;
    // The or itself is the list when all its arguments are values of one field; otherwise each group
    // is a list of its own inside the or (its outcome read from the values).
    const only =
      lists.length === 1 && lists[0]?.length === (or.node as { args: readonly KqlNode[] }).args.length;
    for (const list of lists) {
      for (const value of list) {
        value.role = "value";
        if (!only) value.depth = childDepth + 1;
      }
      if (only) {
        or.role = "list";
        or.members = list.map((c) => c.node);
      } else {
        const first = list[0] as Clause;
        const node = first.node as Extract<KqlNode, { type: "match" }>;
        const range = {
          start: Math.min(...list.map((c) => c.node.range.start), node.field.range.start),
          end: Math.max(...list.map((c) => c.node.range.end)),
        };
        const synthetic: Clause = {
          node: { type: "or", args: list.map((c) => c.node), range },
          path: `${or.path}${or.path === "" ? "" : "."}[${list.map((c) => c.path.split(".").at(-1)).join(",")}]`,
          depth: childDepth,
          role: "list",
          text: `${prefix}${termText(node.field)}:(${list.map((c) => termText((c.node as typeof node).value)).join(" or ")})`,
          members: list.map((c) => c.node),
          trueEvents: 0,
          falseEvents: 0,
          notEvaluatedEvents: 0,
        };
        this.clauses.splice(this.clauses.indexOf(first), 0, synthetic);
      }
    }
  }

  record(event: object): boolean {
    this.events++;
    const outcome = this.traced.run(event);
    if (outcome?.kind !== "result") {
      if (outcome?.kind === "refused") this.refused++;
      for (const clause of this.clauses) clause.notEvaluatedEvents++;
      return false;
    }
    if (outcome.result) this.matched++;
    const results = this.traced.trace.results;
    for (const clause of this.clauses) {
      let sawTrue = false;
      let sawFalse = false;
      if (clause.members) {
        const docs = new Set<object>();
        for (const member of clause.members)
          for (const doc of results.get(member)?.keys() ?? []) docs.add(doc);
        for (const doc of docs) {
          const answers = clause.members.map((m) => results.get(m)?.get(doc));
          if (answers.includes(true)) sawTrue = true;
          else if (answers.every((a) => a === false)) sawFalse = true;
        }
      } else {
        for (const result of results.get(clause.node)?.values() ?? []) {
          if (result) sawTrue = true;
          else sawFalse = true;
        }
      }
      if (sawTrue) clause.trueEvents++;
      if (sawFalse) clause.falseEvents++;
      if (!sawTrue && !sawFalse) clause.notEvaluatedEvents++;
    }
    return outcome.result;
  }

  report(): CoverageReport {
    let conditions = 0;
    let observed = 0;
    let values = 0;
    let hit = 0;
    for (const clause of this.clauses) {
      if (clause.role === "condition" || clause.role === "list") {
        conditions++;
        observed += (clause.trueEvents > 0 ? 1 : 0) + (clause.falseEvents > 0 ? 1 : 0);
      } else if (clause.role === "value") {
        values++;
        if (clause.trueEvents > 0) hit++;
      }
    }
    const total = 2 * conditions + values;
    return {
      query: this.traced.query,
      events: this.events,
      matched: this.matched,
      refused: this.refused,
      ...(this.traced.error && { error: this.traced.error }),
      clauses: this.clauses.map((c) => ({
        path: c.path,
        depth: c.depth,
        type: c.node.type,
        role: c.role,
        range: { start: c.node.range.start, end: c.node.range.end },
        text: c.text,
        trueEvents: c.trueEvents,
        falseEvents: c.falseEvents,
        notEvaluatedEvents: c.notEvaluatedEvents,
      })),
      outcomes: { observed, total: 2 * conditions },
      values: { hit, total: values },
      percent: total === 0 ? 100 : ((observed + hit) / total) * 100,
    };
  }
}

export interface CoverageRenderOptions {
  readonly color?: boolean;
}

const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/**
 * A table: one row per clause (`true`, `false` and not-evaluated event counts, the clause indented by
 * structure), a mark per condition (`✓` both outcomes seen, `✗` not) and per value (`✓` hit, `✗`
 * never), then the gaps and the totals.
 */
export function renderCoverage(report: CoverageReport, options: CoverageRenderOptions = {}): string {
  const paint = (color: string, text: string) => (options.color ? `${color}${text}${RESET}` : text);
  const lines: string[] = [];
  lines.push(report.query);
  lines.push(`${report.events} events: ${report.matched} matched, ${report.refused} refused`);
  if (report.error) lines.push(paint(RED, `✗ ${report.error.message} [${report.error.code}]`));
  lines.push("   true  false    n/e  clause");
  const gaps: string[] = [];
  for (const clause of report.clauses) {
    const counts = [clause.trueEvents, clause.falseEvents, clause.notEvaluatedEvents]
      .map((n) => String(n).padStart(6))
      .join(" ");
    const label = clause.role === "structure" ? clause.type : clause.text.replace(/\s*\n\s*/g, " ");
    let mark = " ";
    if (clause.role === "condition" || clause.role === "list") {
      const full = clause.trueEvents > 0 && clause.falseEvents > 0;
      mark = full ? paint(GREEN, "✓") : paint(RED, "✗");
      if (!full) {
        const missing =
          clause.trueEvents === 0 && clause.falseEvents === 0
            ? "never evaluated"
            : clause.trueEvents === 0
              ? "never true"
              : "never false";
        gaps.push(`  ${label}: ${missing}`);
      }
    } else if (clause.role === "value") {
      mark = clause.trueEvents > 0 ? paint(GREEN, "✓") : paint(RED, "✗");
      if (clause.trueEvents === 0) gaps.push(`  ${label}: value never hit`);
    }
    const row = `${mark}${counts}  ${"  ".repeat(clause.depth)}${label}`;
    lines.push(clause.role === "structure" ? paint(DIM, row) : row);
  }
  if (gaps.length > 0) lines.push("gaps:", ...gaps);
  const pct = (a: number, b: number) => (b === 0 ? "100.0" : ((a / b) * 100).toFixed(1));
  lines.push(
    `outcomes ${report.outcomes.observed}/${report.outcomes.total} (${pct(report.outcomes.observed, report.outcomes.total)}%), ` +
      `values ${report.values.hit}/${report.values.total} (${pct(report.values.hit, report.values.total)}%), ` +
      `coverage ${report.percent.toFixed(1)}%`,
  );
  return lines.join("\n");
}
