/**
 * The canonical form of a query: lower-case keywords, value lists regrouped, values re-escaped, quotes
 * only where the query had them (quoting changes the meaning on text fields, so it is kept).
 * `parse(format(ast))` gives back `ast` (ranges aside), and formatting is idempotent.
 */
import type { KqlNode, Term } from "./ast.js";
import { parse } from "./parse.js";

export interface FormatOptions {
  /**
   * Break value lists and and/or chains that would be longer than this onto one item per line.
   * Default: never break.
   */
  lineWidth?: number;
  /** Indentation unit for broken lines. Default two spaces. */
  indent?: string;
}

const SPECIAL_IN_UNQUOTED = new Set(["\\", "(", ")", ":", "<", ">", '"', "*", "{", "}"]);
const CONTROL = /[\t\r\n]/g;
const CONTROL_ESCAPES: Record<string, string> = { "\t": "\\t", "\r": "\\r", "\n": "\\n" };
const KQL_WHITESPACE = /[ \t\r\n\u00a0]/;
// A keyword at the very end of a segment is escaped too: in the output, whitespace may follow it.
const BINARY_KEYWORD = /(?:or|and)(?=[ \t\r\n\u00a0]|$)/iy;
const NOT_KEYWORD = /not(?=[ \t\r\n\u00a0]|$)/iy;

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function keywordAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.exec(text)?.[0];
}

/** Escapes one segment of an unquoted literal so it reads back as the same text. */
function escapeUnquotedSegment(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (SPECIAL_IN_UNQUOTED.has(char)) {
      out += `\\${char}`;
      continue;
    }
    if (char in CONTROL_ESCAPES) {
      out += CONTROL_ESCAPES[char];
      continue;
    }
    const afterWhitespace = i > 0 && KQL_WHITESPACE.test(text[i - 1] as string);
    const keyword =
      (afterWhitespace ? keywordAt(BINARY_KEYWORD, text, i) : undefined) ?? keywordAt(NOT_KEYWORD, text, i);
    if (keyword === undefined) {
      out += char;
      continue;
    }
    // `\or`, `\AND`, `\Not` read back as the word; `\not` would read as `\n` + `ot`, so a lower-case
    // `n` is written as a unicode escape instead.
    out += keyword.startsWith("n") ? unicodeEscape("n") + keyword.slice(1) : `\\${keyword}`;
    i += keyword.length - 1;
  }
  return out;
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`).replace(CONTROL, (char) => CONTROL_ESCAPES[char] as string)}"`;
}

/**
 * True when an unquoted literal with this text would read back as the same string: KQL trims unquoted
 * values and turns the words true / false / null into booleans and null whatever escapes spell them.
 */
function writableUnquoted(text: string): boolean {
  return text !== "" && text.trim() === text && text !== "true" && text !== "false" && text !== "null";
}

function formatTerm(term: Term): string {
  if (term.kind === "wildcard") return term.parts.map(escapeUnquotedSegment).join("*");
  const { value } = term;
  if (typeof value === "boolean" || value === null) return String(value);
  // An unquoted empty text comes from a value that was only whitespace KQL does not skip but trims
  // away (a vertical tab, `\t`): `\t` reads back as exactly that, where `""` would be a quoted value.
  if (!term.quoted && value === "") return "\\t";
  // Other unquoted text that cannot be written unquoted (outer whitespace) is quoted: the only
  // representation KQL has for it.
  if (term.quoted || !writableUnquoted(value)) return quote(value);
  return escapeUnquotedSegment(value);
}

/** A range bound: a pattern term is sent as its text, and reads back as the same pattern. */
function formatBound(term: Term): string {
  return formatTerm(term);
}

const RANGE_SYMBOLS = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function sameTerm(a: Term, b: Term): boolean {
  if (a.kind === "literal" && b.kind === "literal") return a.value === b.value && a.quoted === b.quoted;
  if (a.kind === "wildcard" && b.kind === "wildcard") {
    return a.parts.length === b.parts.length && a.parts.every((part, i) => part === b.parts[i]);
  }
  return false;
}

/** The field shared by every comparison in a subtree of and/or/not, if there is one: a value list. */
function listField(node: KqlNode): Term | undefined {
  switch (node.type) {
    case "match":
    case "exists":
      return node.field;
    case "not":
      return listField(node.arg);
    case "and":
    case "or": {
      const first = listField(node.args[0] as KqlNode);
      if (first === undefined) return undefined;
      return node.args.every((arg) => {
        const field = listField(arg);
        return field !== undefined && sameTerm(field, first);
      })
        ? first
        : undefined;
    }
    default:
      return undefined;
  }
}

class Printer {
  private readonly width: number;
  private readonly indentUnit: string;

  constructor(options: FormatOptions) {
    this.width = options.lineWidth ?? Number.POSITIVE_INFINITY;
    this.indentUnit = options.indent ?? "  ";
  }

  query(node: KqlNode, indent: string): string {
    switch (node.type) {
      case "matchAll":
        return "*:*";
      case "freeText":
        return formatTerm(node.value);
      case "exists":
        return `${formatTerm(node.field)}:*`;
      case "match":
        return `${formatTerm(node.field)}:${formatTerm(node.value)}`;
      case "range":
        return `${formatTerm(node.field)} ${RANGE_SYMBOLS[node.op]} ${formatBound(node.value)}`;
      case "nested":
        return `${formatTerm(node.path)}:{ ${this.query(node.query, indent)} }`;
      case "not":
        return `not ${this.operand(node.arg, indent, (arg) => arg.type === "not" || arg.type === "and" || arg.type === "or")}`;
      case "and":
      case "or": {
        const field = listField(node);
        if (field !== undefined && node.args.length > 1) {
          return `${formatTerm(field)}:(${this.values(node, indent, true)})`;
        }
        const parts = node.args.map((arg) =>
          this.operand(
            arg,
            indent,
            (child) => child.type === node.type || (node.type === "and" && child.type === "or"),
          ),
        );
        return this.join(parts, node.type, indent);
      }
    }
  }

  /** A child printed in parentheses when `needsParens` says the grammar would read it differently. */
  private operand(node: KqlNode, indent: string, needsParens: (node: KqlNode) => boolean): string {
    const printsAsList = (node.type === "and" || node.type === "or") && listField(node) !== undefined;
    if (!needsParens(node) || printsAsList) return this.query(node, indent);
    return `(${this.query(node, indent)})`;
  }

  /** The inside of a value list. */
  private values(node: KqlNode, indent: string, outermost: boolean): string {
    switch (node.type) {
      case "match":
        return formatTerm(node.value);
      case "exists":
        return "*";
      case "not": {
        const inner = this.values(node.arg, indent, false);
        return node.arg.type === "match" || node.arg.type === "exists" ? `not ${inner}` : `not (${inner})`;
      }
      case "and":
      case "or": {
        const parts = node.args.map((arg) => {
          const text = this.values(arg, indent + this.indentUnit, false);
          const wrap = arg.type === node.type || (node.type === "and" && arg.type === "or");
          return wrap ? `(${text})` : text;
        });
        return outermost ? this.joinList(parts, node.type, indent) : parts.join(` ${node.type} `);
      }
      default:
        throw new Error(`unreachable: ${node.type} inside a value list`);
    }
  }

  private join(parts: string[], keyword: string, indent: string): string {
    const flat = parts.join(` ${keyword} `);
    if (!flat.includes("\n") && indent.length + flat.length <= this.width) return flat;
    return parts.join(`\n${indent}${keyword} `);
  }

  private joinList(parts: string[], keyword: string, indent: string): string {
    const flat = parts.join(` ${keyword} `);
    if (indent.length + flat.length <= this.width) return flat;
    const inner = indent + this.indentUnit;
    return `\n${inner}${parts.join(` ${keyword}\n${inner}`)}\n${indent}`;
  }
}

/** Canonical KQL for a query string or AST. @throws KqlSyntaxError when given an invalid query string. */
export function format(queryOrAst: string | KqlNode, options: FormatOptions = {}): string {
  const ast = typeof queryOrAst === "string" ? parse(queryOrAst) : queryOrAst;
  return new Printer(options).query(ast, "");
}
