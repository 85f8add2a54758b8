/** The Elasticsearch client (`@elastic/elasticsearch` 8 or 9) as a ClusterClient. */
import {
  type ClusterClient,
  type FieldCaps,
  isAbortError,
  type PageRequest,
  type SearchHit,
  type SearchPage,
  toClusterError,
} from "./cluster.js";

type Call = (params: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown>;

/** The part of `@elastic/elasticsearch`'s Client used here (typed structurally: the package is optional). */
export interface ElasticLikeClient {
  search: Call;
  fieldCaps: Call;
  openPointInTime: Call;
  closePointInTime: Call;
  close?: () => Promise<unknown>;
}

export function isElasticLikeClient(client: unknown): client is ElasticLikeClient {
  const c = client as Partial<ElasticLikeClient> | null;
  return typeof c?.search === "function" && typeof c.openPointInTime === "function";
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw toClusterError(error, what);
  }
}

export function elasticCluster(client: ElasticLikeClient): ClusterClient {
  return {
    flavor: "elasticsearch",
    async openPit(index, keepAlive, signal) {
      const body = (await call("open point in time", () =>
        client.openPointInTime(
          { index: [...index], keep_alive: keepAlive, ignore_unavailable: true },
          { signal },
        ),
      )) as { id?: unknown };
      if (typeof body?.id !== "string")
        throw toClusterError(new Error("no PIT id in the answer"), "open point in time");
      return body.id;
    },
    async closePit(id) {
      await call("close point in time", () => client.closePointInTime({ id }));
    },
    async search(request, signal) {
      const body = await call("search", () => client.search(searchParams(request), { signal }));
      return readPage(body);
    },
    async fieldCaps(index, fields, signal) {
      const body = (await call("field capabilities", () =>
        client.fieldCaps(
          { index: [...index], fields: [...fields], allow_no_indices: true, ignore_unavailable: true },
          { signal },
        ),
      )) as { fields?: FieldCaps };
      return body?.fields ?? {};
    },
    async close() {
      await client.close?.();
    },
  };
}

/** Flat request parameters (Elasticsearch client 8+ style). */
function searchParams(request: PageRequest): Record<string, unknown> {
  return {
    ...(request.pit
      ? { pit: { id: request.pit.id, keep_alive: request.pit.keepAlive } }
      : { index: [...(request.index ?? [])], allow_no_indices: true, ignore_unavailable: true }),
    size: request.size,
    query: request.query,
    sort: request.sort,
    track_total_hits: false,
    ...(request.searchAfter ? { search_after: request.searchAfter } : {}),
  };
}

/** `{hits: {hits: […]}, pit_id?}` → SearchPage; shared with the OpenSearch adapter. */
export function readPage(body: unknown): SearchPage {
  const answer = body as { hits?: { hits?: unknown }; pit_id?: unknown } | undefined;
  const hits = Array.isArray(answer?.hits?.hits) ? (answer.hits.hits as SearchHit[]) : [];
  return { hits, pitId: typeof answer?.pit_id === "string" ? answer.pit_id : undefined };
}
