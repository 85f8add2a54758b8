/**
 * Pages through every hit of one search, oldest first: `search_after` over a point in time, so that
 * pages stay consistent while the indices change (Elasticsearch then breaks ties on `_shard_doc` by
 * itself). A cluster without PIT (OpenSearch before 2.4, Elasticsearch before 7.10) gets plain
 * `search_after` on the same sort, as the detection engine itself pages.
 */
import type { JsonValue } from "../dsl/types.js";
import { type ClusterClient, ClusterError, type SearchHit } from "./cluster.js";
import { type RetryOptions, withRetry } from "./retry.js";
import type { RuleSearchRequest } from "./rule-query.js";

export interface PagingOptions {
  readonly pageSize: number;
  /** Stop after this many hits. */
  readonly maxHits: number;
  /** How long the PIT lives between two pages. Default `1m`. */
  readonly keepAlive?: string;
  /** false: never open a PIT. Default true (with fallback when the cluster has none). */
  readonly pit?: boolean;
  readonly retry?: RetryOptions;
  readonly signal?: AbortSignal;
}

export interface PagingInfo {
  /** Whether a point in time was used. */
  readonly pit: boolean;
  readonly pages: number;
  readonly hits: number;
  /** The search stopped at `maxHits`; more hits may exist. */
  readonly limitReached: boolean;
}

/** Answers meaning "this cluster has no point-in-time API" rather than "this request is wrong". */
const NO_PIT_STATUS = new Set([400, 404, 405, 501]);

export async function* pageHits(
  cluster: ClusterClient,
  request: RuleSearchRequest,
  options: PagingOptions,
): AsyncGenerator<SearchHit, PagingInfo, undefined> {
  const { signal, retry } = options;
  const keepAlive = options.keepAlive ?? "1m";
  let pitId: string | undefined;
  if (options.pit !== false) {
    try {
      pitId = await withRetry(
        "open point in time",
        () => cluster.openPit(request.index, keepAlive, signal),
        retry,
        signal,
      );
    } catch (error) {
      if (!(error instanceof ClusterError) || !NO_PIT_STATUS.has(error.statusCode ?? 0)) throw error;
    }
  }
  const usedPit = pitId !== undefined;
  let pages = 0;
  let hits = 0;
  let searchAfter: readonly JsonValue[] | undefined;
  try {
    while (hits < options.maxHits) {
      const size = Math.min(options.pageSize, options.maxHits - hits);
      const page = await withRetry(
        "search",
        () =>
          cluster.search(
            {
              ...(pitId === undefined ? { index: request.index } : { pit: { id: pitId, keepAlive } }),
              size,
              query: request.query,
              sort: request.sort,
              ...(searchAfter === undefined ? {} : { searchAfter }),
            },
            signal,
          ),
        retry,
        signal,
      );
      pages++;
      if (page.pitId !== undefined && pitId !== undefined) pitId = page.pitId;
      for (const hit of page.hits) yield hit;
      hits += page.hits.length;
      if (page.hits.length < size) break;
      const last = page.hits[page.hits.length - 1];
      if (!last?.sort)
        throw new ClusterError(
          "search: hits came back without sort values",
          undefined,
          undefined,
          "hits without sort values",
          false,
        );
      searchAfter = last.sort;
    }
  } finally {
    // A PIT holds resources on the cluster until it expires: release it even when the consumer stops.
    if (pitId !== undefined) await cluster.closePit(pitId).catch(() => undefined);
  }
  return { pit: usedPit, pages, hits, limitReached: hits >= options.maxHits };
}
