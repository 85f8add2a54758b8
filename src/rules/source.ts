/**
 * Turns rule text into rule documents: detection-rules TOML (`[metadata]` + `[rule]`), Kibana's exported
 * JSON (one rule object), or NDJSON (one rule per line, as Kibana's export writes it). A document keeps
 * what error messages need: the file name, the key prefix of its layout and a way to find a key's line.
 */
import { parse as parseToml, TomlError } from "smol-toml";
import { type RuleErrorLocation, RuleLoadError } from "./errors.js";
import { locateKey } from "./toml-locate.js";

export type RuleFormat = "toml" | "json";

export interface RuleDocument {
  readonly format: RuleFormat;
  /** The rule's own keys: the `[rule]` table of a TOML file, the whole object of a JSON rule. */
  readonly rule: Readonly<Record<string, unknown>>;
  /** How keys are named in messages: `rule.` for TOML (`rule.query`), nothing for JSON. */
  readonly keyPrefix: string;
  /** The whole parsed document (TOML: metadata included). */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly file: string | undefined;
  /** Where a key (named with its prefix) is in the file, as far as known. */
  locate(key: string): RuleErrorLocation;
  /** Where the query text starts in the file: 1-based line and column of its first character. */
  queryStart(): { line: number; column: number } | undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Kibana's export appends a summary line and may include exception lists: those are not rules. */
function isExportSideLine(value: Record<string, unknown>): boolean {
  return "exported_count" in value || ("list_id" in value && !("rule_id" in value));
}

/** A plain object given by a caller: a parsed TOML file (`{ rule: {…} }`) or a Kibana rule object. */
export function documentFromObject(value: unknown, file?: string): RuleDocument {
  if (!isPlainObject(value)) {
    throw new RuleLoadError("RULE_NOT_A_RULE", "expected an object", { file });
  }
  if (isPlainObject(value.rule)) {
    return makeDocument(
      "toml",
      value.rule,
      "rule.",
      value,
      file,
      () => ({ file }),
      () => undefined,
    );
  }
  if ("rule_id" in value || "query" in value || "type" in value) {
    return makeDocument(
      "json",
      value,
      "",
      value,
      file,
      () => ({ file }),
      () => undefined,
    );
  }
  throw new RuleLoadError("RULE_NOT_A_RULE", "no [rule] table and no rule_id/type/query keys", { file });
}

/** Every rule in a text: TOML holds one, JSON one (or an array), NDJSON one per line. */
export function documentsFromText(text: string, file?: string): RuleDocument[] {
  const trimmed = text.trimStart();
  if (!looksLikeJson(trimmed, file)) return [tomlDocument(text, file)];
  if (/\.ndjson$/i.test(file ?? "") || isMultiLineJson(trimmed)) return ndjsonDocuments(text, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RuleLoadError("RULE_JSON_SYNTAX", (error as Error).message, { file }, error);
  }
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((item) => !(isPlainObject(item) && isExportSideLine(item)))
    .map((item) => {
      const doc = documentFromObject(item, file);
      return makeDocument(
        doc.format,
        doc.rule,
        doc.keyPrefix,
        doc.raw,
        file,
        jsonLocator(text, file),
        () => undefined,
      );
    });
}

/** By extension first; otherwise `{` or a JSON array (`[{`, `[]`) — TOML files start with `[table]` or keys. */
function looksLikeJson(trimmed: string, file: string | undefined): boolean {
  if (/\.toml$/i.test(file ?? "")) return false;
  if (/\.(nd)?json$/i.test(file ?? "")) return true;
  return trimmed.startsWith("{") || /^\[\s*[{\]]/.test(trimmed);
}

/** NDJSON: several lines that each start a JSON object (a pretty-printed object has `{` alone on line 1). */
function isMultiLineJson(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length < 2) return false;
  return lines.every((line) => {
    const t = line.trim();
    return t.startsWith("{") && t.endsWith("}");
  });
}

function ndjsonDocuments(text: string, file: string | undefined): RuleDocument[] {
  const docs: RuleDocument[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? "";
    if (line === "") continue;
    const lineNumber = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new RuleLoadError(
        "RULE_JSON_SYNTAX",
        (error as Error).message,
        { file, line: lineNumber },
        error,
      );
    }
    if (isPlainObject(value) && isExportSideLine(value)) continue;
    let doc: RuleDocument;
    try {
      doc = documentFromObject(value, file);
    } catch (error) {
      throw error instanceof RuleLoadError ? error.withLocation({ line: lineNumber }) : error;
    }
    docs.push(
      makeDocument(
        doc.format,
        doc.rule,
        doc.keyPrefix,
        doc.raw,
        file,
        () => ({ file, line: lineNumber }),
        () => undefined,
      ),
    );
  }
  return docs;
}

function jsonLocator(text: string, file: string | undefined): (key: string) => RuleErrorLocation {
  return (key) => {
    // A JSON key's line: the first `"last.part":` occurrence. Enough to point a reader at it.
    const last = key.split(".").pop() ?? key;
    const index = text.indexOf(`"${last}"`);
    if (index < 0) return { file };
    return { file, line: text.slice(0, index).split("\n").length };
  };
}

function tomlDocument(text: string, file: string | undefined): RuleDocument {
  let value: Record<string, unknown>;
  try {
    value = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split("\n")[0] ?? error.message;
      throw new RuleLoadError(
        "RULE_TOML_SYNTAX",
        firstLine,
        { file, line: error.line, column: error.column },
        error,
      );
    }
    throw error;
  }
  if (!isPlainObject(value.rule)) {
    throw new RuleLoadError("RULE_NOT_A_RULE", "no [rule] table", { file, key: "rule" });
  }
  const locate = (key: string): RuleErrorLocation => {
    const position = locateKey(text, key);
    return position ? { file, line: position.line } : { file };
  };
  const queryStart = () => {
    const position = locateKey(text, "rule.query");
    if (!position?.valueText) return undefined;
    const value = position.valueText;
    // A multi-line string that opens with a newline starts on the next line (TOML trims that newline).
    if (/^('''|""")\s*$/.test(value)) return { line: position.line + 1, column: 1 };
    const opener = /^('''|"""|'|")/.exec(value)?.[0] ?? "";
    return { line: position.line, column: (position.valueColumn ?? 1) + opener.length };
  };
  return makeDocument("toml", value.rule, "rule.", value, file, locate, queryStart);
}

function makeDocument(
  format: RuleFormat,
  rule: Record<string, unknown>,
  keyPrefix: string,
  raw: Record<string, unknown>,
  file: string | undefined,
  locate: (key: string) => RuleErrorLocation,
  queryStart: () => { line: number; column: number } | undefined,
): RuleDocument {
  return { format, rule, keyPrefix, raw, file, locate, queryStart };
}
