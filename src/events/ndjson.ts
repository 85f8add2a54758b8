/**
 * NDJSON event reading that loses nothing: every line is either an event, blank, or reported as
 * malformed with its line number; processing always goes on (unless the caller asks for strictness).
 * Browser-safe: works on any (async) iterable of text or byte chunks.
 */

import { DEFAULT_EVENT_LIMITS, type EventShapeCode, jsonTooDeep } from "./shape.js";

export type EventObject = Record<string, unknown>;

/** Where an event came from. */
export interface EventOrigin {
  /** File name, "<stdin>", or a caller-chosen label. */
  readonly source: string;
  /** 1-based line number in the source (the element number, for JSON arrays). */
  readonly line: number;
}

export interface SourcedEvent extends EventOrigin {
  readonly event: EventObject;
}

export interface MalformedEvent extends EventOrigin {
  /** Why the line is not an event. */
  readonly reason: string;
  /** The start of the offending text, for the report. */
  readonly excerpt: string;
  /** Set when the event broke a shape limit (docs/security.md); the reason says which. */
  readonly code?: EventShapeCode;
}

export interface ReadOptions {
  /** Label for the origin of events (default "<input>"). */
  source?: string;
  /** Called for every malformed line; the reader goes on with the next one. */
  onMalformed?: (malformed: MalformedEvent) => void;
  /** Throw MalformedEventError on the first malformed line instead of reporting and skipping it. */
  strict?: boolean;
  /** Longest accepted line: UTF-16 units for text chunks, bytes for byte chunks (default 64 Mi). Longer lines are malformed. */
  maxLineLength?: number;
  /** Deepest nesting of objects and arrays in one event (default 1000, as Elasticsearch). Deeper events are malformed. */
  maxDepth?: number;
}

/** Thrown in strict mode. */
export class MalformedEventError extends Error {
  override readonly name = "MalformedEventError";
  readonly code = "EVENT_MALFORMED";
  constructor(readonly malformed: MalformedEvent) {
    super(`${malformed.source}:${malformed.line}: ${malformed.reason}`);
  }
}

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;
/** What String.prototype.trim() would keep: any character that is not whitespace or a line terminator. */
const NOT_BLANK = /[^\s\uFEFF\xA0]/;
const EXCERPT = 80;

function excerptOf(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

type LineResult = { event: EventObject } | { reason: string; code?: EventShapeCode } | undefined;

/** Parses one line. Returns the event, undefined for a blank line, or a reason why it is malformed. */
export function parseEventLine(text: string, maxDepth: number = DEFAULT_EVENT_LIMITS.maxDepth): LineResult {
  // A regular expression instead of trim(): no copy of every line just to find blank ones.
  if (!NOT_BLANK.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse itself overflows the stack on nesting far beyond the limit.
    if (error instanceof RangeError) return tooDeep(maxDepth);
    return { reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      reason: `not a JSON object but ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    };
  }
  // Nesting d levels takes d opening and d closing brackets, so a line shorter than that cannot be too
  // deep: most events skip the walk.
  if (text.length > 2 * maxDepth && jsonTooDeep(value, maxDepth)) return tooDeep(maxDepth);
  return { event: value as EventObject };
}

function tooDeep(maxDepth: number): { reason: string; code: EventShapeCode } {
  return {
    code: "EVENT_TOO_DEEP",
    reason: `the event nests objects and arrays deeper than ${maxDepth} levels (limit maxDepth)`,
  };
}

type Chunk = string | Uint8Array;

/** Splits chunks into lines; byte chunks are decoded per line so invalid UTF-8 stays on its own line. */
async function* lines(chunks: AsyncIterable<Chunk> | Iterable<Chunk>, maxLineLength: number) {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let pendingText = "";
  let pendingBytes: Uint8Array[] = [];
  let pendingByteLength = 0;
  let overlong = false;
  const decode = (parts: Uint8Array[], total: number): string | { invalid: true } => {
    const joined = parts.length === 1 ? (parts[0] as Uint8Array) : concat(parts, total);
    try {
      return decoder.decode(joined);
    } catch {
      return { invalid: true };
    }
  };
  for await (const chunk of chunks) {
    if (typeof chunk === "string") {
      let start = 0;
      for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
        const text = pendingText + chunk.slice(start, nl);
        yield overlong || text.length > maxLineLength ? { overlong: true as const } : stripCr(text);
        pendingText = "";
        overlong = false;
        start = nl + 1;
      }
      pendingText += chunk.slice(start);
      if (pendingText.length > maxLineLength) {
        overlong = true;
        pendingText = "";
      }
      continue;
    }
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      const decoded = decode([...pendingBytes, piece], pendingByteLength + piece.length);
      yield overlong || pendingByteLength + piece.length > maxLineLength
        ? { overlong: true as const }
        : typeof decoded === "string"
          ? stripCr(decoded)
          : decoded;
      pendingBytes = [];
      pendingByteLength = 0;
      overlong = false;
      start = nl + 1;
    }
    if (start < chunk.length) {
      // Copy: the caller may reuse the chunk's buffer.
      pendingBytes.push(chunk.slice(start));
      pendingByteLength += chunk.length - start;
      if (pendingByteLength > maxLineLength) {
        overlong = true;
        pendingBytes = [];
        pendingByteLength = 0;
      }
    }
  }
  if (overlong) yield { overlong: true as const };
  else if (pendingText !== "") yield stripCr(pendingText);
  else if (pendingByteLength > 0) {
    const decoded = decode(pendingBytes, pendingByteLength);
    yield typeof decoded === "string" ? stripCr(decoded) : decoded;
  }
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Reads NDJSON (one JSON object per line) from text or byte chunks. Blank lines are skipped; every
 * other line is an event or is reported through `onMalformed` with its line number.
 */
export async function* readNdjson(
  chunks: AsyncIterable<Chunk> | Iterable<Chunk>,
  options: ReadOptions = {},
): AsyncGenerator<SourcedEvent> {
  const source = options.source ?? "<input>";
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const maxDepth = options.maxDepth ?? DEFAULT_EVENT_LIMITS.maxDepth;
  let line = 0;
  for await (const text of lines(chunks, maxLineLength)) {
    line += 1;
    let parsed: LineResult;
    if (typeof text === "string")
      parsed = parseEventLine(line === 1 ? text.replace(/^\uFEFF/, "") : text, maxDepth);
    else if ("overlong" in text) parsed = { reason: `line longer than ${maxLineLength} characters` };
    else parsed = { reason: "invalid UTF-8" };
    if (parsed === undefined) continue;
    if ("event" in parsed) {
      yield { event: parsed.event, source, line };
      continue;
    }
    const malformed: MalformedEvent = {
      source,
      line,
      reason: parsed.reason,
      excerpt: typeof text === "string" ? excerptOf(text) : "",
      ...("code" in parsed && parsed.code !== undefined && { code: parsed.code }),
    };
    if (options.strict) throw new MalformedEventError(malformed);
    options.onMalformed?.(malformed);
  }
}

/** Events given as a JSON document: an array of objects, or one object. */
export function* readJsonDocument(text: string, options: ReadOptions = {}): Generator<SourcedEvent> {
  const source = options.source ?? "<input>";
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const malformed = {
      source,
      line: 1,
      reason: `invalid JSON: ${(error as Error).message}`,
      excerpt: excerptOf(text),
    };
    if (options.strict) throw new MalformedEventError(malformed);
    options.onMalformed?.(malformed);
    return;
  }
  const items = Array.isArray(value) ? value : [value];
  const maxDepth = options.maxDepth ?? DEFAULT_EVENT_LIMITS.maxDepth;
  for (const [index, item] of items.entries()) {
    const isObject = item !== null && typeof item === "object" && !Array.isArray(item);
    if (isObject && !jsonTooDeep(item, maxDepth)) {
      yield { event: item as EventObject, source, line: index + 1 };
      continue;
    }
    const malformed: MalformedEvent = isObject
      ? { source, line: index + 1, excerpt: "", ...tooDeep(maxDepth) }
      : {
          source,
          line: index + 1,
          reason: `element ${index + 1} is not a JSON object`,
          excerpt: excerptOf(JSON.stringify(item) ?? String(item)),
        };
    if (options.strict) throw new MalformedEventError(malformed);
    options.onMalformed?.(malformed);
  }
}
