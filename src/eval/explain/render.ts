import { renderCaret } from "../../parser/errors.js";
import { quote } from "./checks.js";
import type { ExplainNode, Explanation, LeafExplanation } from "./types.js";

export interface RenderOptions {
  /** ANSI colours: green ✓, red ✗, dim for not-evaluated nodes and notes. Default false. */
  readonly color?: boolean;
  /** The query line printed first (default: the explanation's query). */
  readonly query?: string;
}

const ANSI = { green: "\x1b[32m", red: "\x1b[31m", dim: "\x1b[2m", reset: "\x1b[0m" } as const;

const MARK = { true: "✓", false: "✗", skipped: "·" } as const;

/**
 * The query as a tree, one clause per line: `✓` true, `✗` false, `·` not evaluated (short-circuited),
 * indented by structure; under a false comparison the reason, under any comparison its notes; a matched
 * comparison ends with the value that satisfied it. The first line is the query itself. This text is an
 * interface (CLI `kuery explain`, `kuery test` failures, test-matcher messages): changes are breaking.
 */
export function renderExplanation(explanation: Explanation, options: RenderOptions = {}): string {
  const paint = painter(options.color === true);
  const lines: string[] = [];
  const query = options.query ?? explanation.query;
  lines.push(query);
  const error = explanation.error;
  if (error) {
    if (!explanation.root && error.range) {
      const caret = renderCaret(query, error.range.start, Math.max(1, error.range.end - error.range.start));
      lines.push(caret.split("\n").slice(1).join("\n"));
    }
    lines.push(paint("red", `${MARK.false} ${error.message} [${error.code}]`));
  }
  if (explanation.root) renderNode(explanation.root, "", lines, paint);
  return lines.join("\n");
}

type Paint = (color: keyof typeof ANSI, text: string) => string;

function painter(enabled: boolean): Paint {
  return enabled ? (color, text) => `${ANSI[color]}${text}${ANSI.reset}` : (_color, text) => text;
}

function renderNode(node: ExplainNode, indent: string, lines: string[], paint: Paint): void {
  const label = labelOf(node);
  if (node.error !== undefined) {
    lines.push(`${indent}${paint("red", `${MARK.false} ${label}`)}`);
  } else if (!node.evaluated) {
    lines.push(paint("dim", `${indent}${MARK.skipped} ${label}`));
  } else if (node.result) {
    const suffix = isLeaf(node) && node.matched ? ` — ${matchedLabel(node.matched)}` : "";
    lines.push(`${indent}${paint("green", `${MARK.true} ${label}`)}${suffix}`);
  } else {
    lines.push(`${indent}${paint("red", `${MARK.false} ${label}`)}`);
  }
  const detail = `${indent}    `;
  switch (node.type) {
    case "and":
    case "or":
    case "not":
      for (const child of node.children) renderNode(child, `${indent}  `, lines, paint);
      return;
    case "matchAll":
      return;
    case "nested":
      if (node.reason !== undefined) lines.push(`${detail}${node.reason}`);
      for (const element of node.elements) {
        const mark = element.result ? paint("green", MARK.true) : paint("red", MARK.false);
        lines.push(`${indent}  ${mark} ${node.path}[${element.index}]`);
        renderNode(element.query, `${indent}    `, lines, paint);
      }
      if (node.query) renderNode(node.query, `${indent}  `, lines, paint);
      return;
    default:
      if (node.evaluated && node.result === false && node.reason !== undefined)
        lines.push(`${detail}${node.reason}`);
      if (node.evaluated)
        for (const note of node.notes ?? []) lines.push(paint("dim", `${detail}note: ${note}`));
  }
}

/** `path = value`; a multi-field names itself (`process.name.text = …`), a flattened key its path. */
function matchedLabel(matched: NonNullable<LeafExplanation["matched"]>): string {
  const { field, path } = matched;
  const name = path === field || path.startsWith(`${field}.`) ? path : field;
  return `${name} = ${quote(matched.value)}`;
}

function isLeaf(node: ExplainNode): node is LeafExplanation {
  return node.type === "match" || node.type === "exists" || node.type === "range" || node.type === "freeText";
}

/**
 * Operators print as their keyword (their operands follow, indented), except a value list (an `or` of
 * values on one field), which prints as written; everything else as written.
 */
function labelOf(node: ExplainNode): string {
  if (node.type === "or" && isValueList(node.children)) return oneLine(node.text);
  if (node.type === "and" || node.type === "or" || node.type === "not") return node.type;
  return oneLine(node.text);
}

function isValueList(children: readonly ExplainNode[]): boolean {
  const first = children[0];
  if (first?.type !== "match" || first.field === undefined) return false;
  return children.every((c) => c.type === "match" && c.field === first.field);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
