import type { SourceRange } from "../parser/ast.js";
import { renderCaret } from "../parser/errors.js";

/**
 * Stable codes of the queries that cannot run (spec §6.3). `kibana` errors are raised by Kibana's typed
 * conversion before searching; `elasticsearch` errors are a search that Elasticsearch rejects. Either way
 * a detection rule with such a query raises no alert.
 */
export const COMPILE_ERROR_CATALOG = Object.freeze({
  /** A value or wildcard the field's type cannot take (word on a number, wildcard on an ip, …). */
  KQL_ES_REJECTS_QUERY: { origin: "elasticsearch", summary: "Elasticsearch rejects this query" },
  /** A nested query `p:{…}` whose path is not mapped `nested`. */
  KQL_NOT_A_NESTED_PATH: { origin: "elasticsearch", summary: "nested query on a path that is not nested" },
  /** A field under a nested path used outside a nested group (typed conversion). */
  KQL_NESTED_FIELD_OUTSIDE_GROUP: { origin: "kibana", summary: "nested field outside its nested group" },
  /** A field used inside a nested group that is not its own (or that is not nested at all). */
  KQL_NESTED_FIELD_WRONG_GROUP: { origin: "kibana", summary: "field in the wrong nested group" },
  /** An option the compiler cannot use (e.g. an unparseable `now`). */
  KQL_INVALID_OPTION: { origin: "library", summary: "invalid compile option" },
  /** The query tree exceeds `maxClauses` or `maxTreeDepth` (src/eval/limits.ts, docs/security.md). */
  KQL_LIMIT_EXCEEDED: { origin: "library", summary: "the query exceeds a configured limit" },
} as const);

export type KqlCompileErrorCode = keyof typeof COMPILE_ERROR_CATALOG;

/**
 * Thrown by `compileQuery` when the query cannot run against the schema. Carries a stable `code`, the
 * offending node's `range` in the query text, and the `field` concerned when there is one.
 */
export class KqlCompileError extends Error {
  override readonly name = "KqlCompileError";
  readonly code: KqlCompileErrorCode;
  /** Who refuses the query: Kibana's conversion, Elasticsearch, or this library (options). */
  readonly origin: "kibana" | "elasticsearch" | "library";
  /** One line: what is wrong, without the source snippet. */
  readonly summary: string;
  readonly range: SourceRange | undefined;
  readonly field: string | undefined;

  constructor(
    code: KqlCompileErrorCode,
    detail: string,
    options: { range?: SourceRange; field?: string; query?: string } = {},
  ) {
    const entry = COMPILE_ERROR_CATALOG[code];
    const summary = `${entry.summary}: ${detail}`;
    super(renderMessage(summary, options.range, options.query));
    this.code = code;
    this.origin = entry.origin;
    this.summary = summary;
    this.range = options.range;
    this.field = options.field;
  }
}

/** `summary`, then (when the query text is known) the query and a caret line under the range. */
function renderMessage(summary: string, range: SourceRange | undefined, query: string | undefined): string {
  if (range === undefined || query === undefined) return summary;
  return `${summary}\n${renderCaret(query, range.start, Math.max(1, range.end - range.start))}`;
}

/** Stable codes of events the evaluator cannot read (docs/security.md). */
export const EVENT_ERROR_CATALOG = Object.freeze({
  /**
   * Evaluating the event overflowed the stack: it nests far deeper than any event Elasticsearch accepts
   * (1000 levels), or it is a cyclic object. The event readers report such events as malformed before
   * they reach a predicate; this is the answer for events handed to a predicate directly.
   */
  KQL_EVENT_TOO_DEEP: "the event nests too deeply to evaluate, or contains itself",
} as const);

export type KqlEventErrorCode = keyof typeof EVENT_ERROR_CATALOG;

/** Thrown by a predicate (or a rule's `matches`) for an event it cannot evaluate: a per-event outcome. */
export class KqlEventError extends Error {
  override readonly name = "KqlEventError";
  readonly code: KqlEventErrorCode;
  readonly summary: string;

  constructor(code: KqlEventErrorCode, cause?: unknown) {
    const summary = EVENT_ERROR_CATALOG[code];
    super(summary, cause === undefined ? undefined : { cause });
    this.code = code;
    this.summary = summary;
  }
}

/**
 * What to throw for an error raised while evaluating an event: a stack overflow becomes a coded
 * `KqlEventError` (the process is fine, only that event cannot be read); anything else is rethrown as is.
 */
export function eventFailure(error: unknown): unknown {
  return error instanceof RangeError ? new KqlEventError("KQL_EVENT_TOO_DEEP", error) : error;
}
