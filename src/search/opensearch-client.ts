/**
 * The OpenSearch client (`@opensearch-project/opensearch` 2 or 3) as a ClusterClient. Differences from
 * Elasticsearch: responses come wrapped in `{ body }`, the request goes in `body`, and point in time is
 * `_search/point_in_time` (OpenSearch 2.4+; older clusters answer 404/405 and the pager falls back).
 */
import {
  type ClusterClient,
  type FieldCaps,
  isAbortError,
  type PageRequest,
  toClusterError,
} from "./cluster.js";
import { readPage } from "./elastic-client.js";

type AbortablePromise = Promise<unknown> & { abort?: () => void };
type Call = (params: Record<string, unknown>, options?: Record<string, unknown>) => AbortablePromise;

/** The part of `@opensearch-project/opensearch`'s Client used here. */
export interface OpenSearchLikeClient {
  search: Call;
  fieldCaps: Call;
  createPit: Call;
  deletePit: Call;
  close?: () => Promise<unknown>;
}

export function isOpenSearchLikeClient(client: unknown): client is OpenSearchLikeClient {
  const c = client as Partial<OpenSearchLikeClient> | null;
  return typeof c?.search === "function" && typeof c.createPit === "function";
}

/** Runs one call; the client's promise has `abort()` instead of taking a signal. */
async function call(what: string, run: () => AbortablePromise, signal?: AbortSignal): Promise<unknown> {
  signal?.throwIfAborted();
  const pending = run();
  const onAbort = () => pending.abort?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return ((await pending) as { body?: unknown })?.body;
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) throw signal?.reason ?? error;
    throw toClusterError(error, what);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

export function openSearchCluster(client: OpenSearchLikeClient): ClusterClient {
  return {
    flavor: "opensearch",
    async openPit(index, keepAlive, signal) {
      const body = (await call(
        "create point in time",
        () => client.createPit({ index: [...index], keep_alive: keepAlive, ignore_unavailable: true }),
        signal,
      )) as { pit_id?: unknown };
      if (typeof body?.pit_id !== "string") {
        throw toClusterError(new Error("no pit_id in the answer"), "create point in time");
      }
      return body.pit_id;
    },
    async closePit(id) {
      await call("delete point in time", () => client.deletePit({ body: { pit_id: [id] } }));
    },
    async search(request, signal) {
      return readPage(await call("search", () => client.search(searchParams(request)), signal));
    },
    async fieldCaps(index, fields, signal) {
      const body = (await call(
        "field capabilities",
        () =>
          client.fieldCaps({
            index: [...index],
            fields: [...fields],
            allow_no_indices: true,
            ignore_unavailable: true,
          }),
        signal,
      )) as { fields?: FieldCaps };
      return body?.fields ?? {};
    },
    async close() {
      await client.close?.();
    },
  };
}

function searchParams(request: PageRequest): Record<string, unknown> {
  const body = {
    size: request.size,
    query: request.query,
    sort: request.sort,
    track_total_hits: false,
    ...(request.pit ? { pit: { id: request.pit.id, keep_alive: request.pit.keepAlive } } : {}),
    ...(request.searchAfter ? { search_after: request.searchAfter } : {}),
  };
  return request.pit
    ? { body }
    : { index: [...(request.index ?? [])], allow_no_indices: true, ignore_unavailable: true, body };
}
