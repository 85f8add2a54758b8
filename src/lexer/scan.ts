/**
 * Character-level scanning of KQL literals (spec §2). Kept apart from the token table because the
 * rules are context-sensitive in ways a regular expression cannot say cleanly: an unquoted literal keeps
 * inner whitespace but stops in front of a keyword, and escapes are decoded while scanning.
 */

/** KQL whitespace: exactly these five characters. U+2003 and friends are ordinary text. */
export function isKqlWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a || code === 0xa0;
}

const SPECIAL = new Set(["\\", "(", ")", ":", "<", ">", '"', "*", "{", "}"]);

/** Characters that end an unquoted literal or need a backslash inside one. */
export function isSpecialCharacter(char: string | undefined): boolean {
  return char !== undefined && SPECIAL.has(char);
}

const WS = "[ \\t\\r\\n\\u00a0]";
const OR_OR_AND_AHEAD = new RegExp(`${WS}+(?:or|and)${WS}+`, "iy");
const NOT_AHEAD = new RegExp(`not${WS}+`, "iy");
const ESCAPED_KEYWORD = /or|and|not/iy;
const UNICODE_ESCAPE = /u[0-9a-fA-F]{4}/y;

/** `ws+ or ws+` or `ws+ and ws+` starts at `offset` (the operator form of the keyword). */
export function binaryKeywordAt(text: string, offset: number): RegExpExecArray | null {
  OR_OR_AND_AHEAD.lastIndex = offset;
  return OR_OR_AND_AHEAD.exec(text);
}

/** `not ws+` starts at `offset`. No whitespace is needed in front, so this fires mid-word (spec §2.2). */
export function notKeywordAt(text: string, offset: number): RegExpExecArray | null {
  NOT_AHEAD.lastIndex = offset;
  return NOT_AHEAD.exec(text);
}

function keywordStartsAt(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (isKqlWhitespace(code)) return binaryKeywordAt(text, offset) !== null;
  if (code === 0x6e || code === 0x4e) return notKeywordAt(text, offset) !== null;
  return false;
}

const CONTROL_ESCAPES: Record<string, string> = { t: "\t", r: "\r", n: "\n" };

/** The result of scanning one unquoted literal. */
export interface ScannedLiteral {
  /** Raw length of the token in the source, trailing whitespace excluded. */
  readonly length: number;
  /** Literal segments between unescaped wildcards; one segment when there is no wildcard. */
  readonly parts: string[];
  readonly wildcard: boolean;
}

/**
 * Scans an unquoted literal at `offset` (spec §2.2). Returns null when no character can start one —
 * a special character, a keyword, or a backslash that escapes nothing.
 */
export function scanUnquoted(text: string, offset: number): ScannedLiteral | null {
  const parts: string[] = [];
  let segment = "";
  let wildcard = false;
  let i = offset;
  let lastNonWhitespaceEnd = offset;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === "\\") {
      const next = text[i + 1];
      if (next !== undefined && next in CONTROL_ESCAPES) {
        segment += CONTROL_ESCAPES[next];
        i += 2;
      } else if (isSpecialCharacter(next)) {
        segment += next;
        i += 2;
      } else if (next === "u" && matchesAt(UNICODE_ESCAPE, text, i + 1)) {
        segment += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        ESCAPED_KEYWORD.lastIndex = i + 1;
        const keyword = ESCAPED_KEYWORD.exec(text);
        if (keyword === null) break; // a lone backslash: the lexer reports it
        segment += keyword[0];
        i += 1 + keyword[0].length;
      }
      lastNonWhitespaceEnd = i;
      continue;
    }
    if (char === "*") {
      parts.push(segment);
      segment = "";
      wildcard = true;
      i += 1;
      lastNonWhitespaceEnd = i;
      continue;
    }
    if (isSpecialCharacter(char) || keywordStartsAt(text, i)) break;
    segment += char;
    i += 1;
    if (!isKqlWhitespace(char.charCodeAt(0))) lastNonWhitespaceEnd = i;
  }
  if (i === offset) return null;
  parts.push(segment);
  // JavaScript trim(), as Kibana applies it to the joined sequence (wildcard markers included).
  parts[0] = (parts[0] as string).trimStart();
  parts[parts.length - 1] = (parts[parts.length - 1] as string).trimEnd();
  return { length: lastNonWhitespaceEnd - offset, parts, wildcard };
}

function matchesAt(pattern: RegExp, text: string, offset: number): boolean {
  pattern.lastIndex = offset;
  return pattern.test(text);
}

/** Length of a terminated quoted string at `offset` (which holds `"`), or -1 when unterminated. */
export function scanQuoted(text: string, offset: number): number {
  let i = offset + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === "\\") {
      i += 2;
      continue;
    }
    if (char === '"') return i + 1 - offset;
    i += 1;
  }
  return -1;
}

/** Decodes the body of a quoted string (without its quotes), spec §2.1. */
export function decodeQuoted(body: string): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\") {
      out += char;
      continue;
    }
    const next = body[i + 1];
    if (next === '"' || next === "\\") {
      out += next;
      i += 1;
    } else if (next !== undefined && next in CONTROL_ESCAPES) {
      out += CONTROL_ESCAPES[next];
      i += 1;
    } else if (next === "u" && matchesAt(UNICODE_ESCAPE, body, i + 1)) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      out += "\\"; // any other backslash stands for itself
    }
  }
  return out;
}
