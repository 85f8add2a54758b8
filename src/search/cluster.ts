/**
 * The few cluster calls a rule search makes, behind one interface so that Elasticsearch and OpenSearch
 * (whose clients differ in method names, PIT APIs and response envelopes) look alike to the pager.
 */
import type { EsQuery, JsonValue } from "../dsl/types.js";
import type { SortClause } from "./time-range.js";

export type ClusterFlavor = "elasticsearch" | "opensearch";

/** One page request: over `index`, or over an open point in time. */
export interface PageRequest {
  readonly index?: readonly string[];
  readonly pit?: { readonly id: string; readonly keepAlive: string };
  readonly size: number;
  readonly query: EsQuery;
  readonly sort: readonly SortClause[];
  readonly searchAfter?: readonly JsonValue[];
}

export interface SearchHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source?: Record<string, unknown>;
  readonly sort?: JsonValue[];
}

export interface SearchPage {
  readonly hits: readonly SearchHit[];
  /** Elasticsearch may hand back a new PIT id with each page; the next page must use it. */
  readonly pitId: string | undefined;
}

/** `_field_caps` → `fields`: for each field name, its types across the indices (`unmapped` included). */
export type FieldCaps = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface ClusterClient {
  readonly flavor: ClusterFlavor;
  /** Opens a point in time; throws `ClusterError` (status 400/404/405 when the cluster has no PIT API). */
  openPit(index: readonly string[], keepAlive: string, signal?: AbortSignal): Promise<string>;
  closePit(id: string): Promise<void>;
  search(request: PageRequest, signal?: AbortSignal): Promise<SearchPage>;
  /** The field-capabilities answer's `fields` object: name → { type → details }. */
  fieldCaps(index: readonly string[], fields: readonly string[], signal?: AbortSignal): Promise<FieldCaps>;
  /** Releases the client's connections (only for clients this library created). */
  close(): Promise<void>;
}

/**
 * A failed cluster call, reduced to what a report needs. `statusCode` is absent for transport failures
 * (connection refused, timeout). Messages never carry credentials: see redact.ts.
 */
export class ClusterError extends Error {
  override readonly name = "ClusterError";
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    /** Elasticsearch's error type, e.g. `search_phase_execution_exception`. */
    readonly type: string | undefined,
    /** Elasticsearch's own reason (the root cause's when it has one). */
    readonly reason: string,
    /** Worth trying again: 429, 5xx, and transport failures. */
    readonly retryable: boolean,
    /** How many times the call was tried. */
    readonly attempts = 1,
  ) {
    super(message);
  }
}

export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

/** Transport failures that say nothing about the request: worth retrying. */
const TRANSPORT_ERRORS = new Set(["ConnectionError", "TimeoutError", "NoLivingConnectionsError"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reason and type from an Elasticsearch/OpenSearch error body (`{error: {root_cause, type, reason}}`). */
export function errorBodyReason(body: unknown): { type: string | undefined; reason: string | undefined } {
  if (typeof body === "string") return { type: undefined, reason: body || undefined };
  if (!isObject(body)) return { type: undefined, reason: undefined };
  const error = body.error;
  if (typeof error === "string") return { type: undefined, reason: error };
  if (!isObject(error)) {
    const message = body.message;
    return { type: undefined, reason: typeof message === "string" ? message : undefined };
  }
  const rootCause = Array.isArray(error.root_cause) ? error.root_cause[0] : undefined;
  const root = isObject(rootCause) ? rootCause : undefined;
  const reason = [error.reason, root?.reason].find((value) => typeof value === "string") as
    | string
    | undefined;
  const type = [error.type, root?.type].find((value) => typeof value === "string") as string | undefined;
  // The root cause names the actual problem (e.g. a wildcard on an ip field) where the top level only
  // says "all shards failed".
  const rootReason = typeof root?.reason === "string" ? root.reason : undefined;
  return {
    type,
    reason: rootReason && reason && rootReason !== reason ? `${reason}: ${rootReason}` : reason,
  };
}

/** A request given up because the caller's AbortSignal fired: never retried, never reported per rule. */
export function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === "AbortError" || name === "RequestAbortedError";
}

/** Any error either client throws → ClusterError (the clients' error classes share these fields). */
export function toClusterError(error: unknown, what: string): ClusterError {
  if (error instanceof ClusterError) return error;
  const err = error as { name?: string; message?: string; meta?: { statusCode?: number; body?: unknown } };
  const name = typeof err?.name === "string" ? err.name : "Error";
  // Transport failures carry statusCode 0 (or null): no answer came back.
  const status = err?.meta?.statusCode;
  const statusCode = typeof status === "number" && status > 0 ? status : undefined;
  if (statusCode !== undefined && name === "ResponseError") {
    const { type, reason } = errorBodyReason(err.meta?.body);
    const text = reason ?? `HTTP ${statusCode}`;
    return new ClusterError(
      `${what}: ${statusCode}${type ? ` ${type}` : ""}: ${text}`,
      statusCode,
      type,
      text,
      isRetryableStatus(statusCode),
    );
  }
  const message = typeof err?.message === "string" ? err.message : String(error);
  if (name === "ProductNotSupportedError") {
    return new ClusterError(
      `${what}: the server did not identify as Elasticsearch (for OpenSearch use the opensearch client / --opensearch)`,
      undefined,
      name,
      message,
      false,
    );
  }
  return new ClusterError(`${what}: ${message}`, statusCode, name, message, TRANSPORT_ERRORS.has(name));
}
