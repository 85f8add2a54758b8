/**
 * A stand-in for an Elasticsearch or OpenSearch cluster on 127.0.0.1 (port chosen by the OS): it
 * records every request and answers like a cluster holding the given documents, paging them by
 * `@timestamp` with point in time and `search_after`. It does not evaluate queries (tests check the
 * query that was sent); `faults` inject error answers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown> | undefined;
}

export interface Fault {
  readonly when: (request: RecordedRequest) => boolean;
  readonly status: number;
  readonly body: unknown;
  /** How many times to answer with this fault (default: always). */
  times?: number;
}

export interface StubOptions {
  readonly flavor: "elasticsearch" | "opensearch";
  /** Index name → documents (each needs `@timestamp`). */
  readonly docs: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** The cluster has no point-in-time API (answers 404/400 like old clusters). */
  readonly noPit?: boolean;
  readonly faults?: Fault[];
  /** Field name → its type(s) across the indices, for `_field_caps`. */
  readonly mapping?: Readonly<Record<string, string | readonly string[]>>;
}

export interface StubCluster {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** PIT ids opened and not closed. */
  readonly openPits: Set<string>;
  close(): Promise<void>;
}

interface Hit {
  _index: string;
  _id: string;
  _source: Record<string, unknown>;
  sort: number[];
}

/** Upper bound of a stub's life: a test that forgets to close it cannot hang the run. */
const MAX_LIFETIME_MS = 60_000;

export async function startStubCluster(options: StubOptions): Promise<StubCluster> {
  const requests: RecordedRequest[] = [];
  const openPits = new Set<string>();
  const pitIndex = new Map<string, string[]>();
  let pitCounter = 0;

  const allHits = (indices: readonly string[]): Hit[] => {
    const hits: Hit[] = [];
    let shardDoc = 0;
    for (const [index, docs] of Object.entries(options.docs)) {
      if (!indices.some((pattern) => wildcard(pattern).test(index))) continue;
      docs.forEach((doc, position) => {
        hits.push({
          _index: index,
          _id: `${index}-${position}`,
          _source: doc,
          sort: [Date.parse(String(doc["@timestamp"])), shardDoc++],
        });
      });
    }
    return hits.sort((a, b) => compareSort(a.sort, b.sort));
  };

  const answer = (request: RecordedRequest): { status: number; body: unknown } => {
    for (const fault of options.faults ?? []) {
      if ((fault.times ?? Number.POSITIVE_INFINITY) > 0 && fault.when(request)) {
        if (fault.times !== undefined) fault.times--;
        return { status: fault.status, body: fault.body };
      }
    }
    const segments = request.path.split("/").filter(Boolean).map(decodeURIComponent);
    const es = options.flavor === "elasticsearch";
    const isOpenPit = es
      ? segments[1] === "_pit" && request.method === "POST"
      : segments[1] === "_search" && segments[2] === "point_in_time" && request.method === "POST";
    const isClosePit = es
      ? segments[0] === "_pit" && request.method === "DELETE"
      : segments[0] === "_search" && segments[1] === "point_in_time" && request.method === "DELETE";
    if (isOpenPit || isClosePit) {
      if (options.noPit) return { status: 404, body: { error: "no handler found for uri", status: 404 } };
      if (isOpenPit) {
        const id = `pit-${++pitCounter}`;
        openPits.add(id);
        pitIndex.set(id, (segments[0] ?? "").split(","));
        return { status: 200, body: es ? { id } : { pit_id: id, creation_time: 0, _shards: {} } };
      }
      const ids = es ? [request.body?.id] : ((request.body?.pit_id as unknown[]) ?? []);
      for (const id of ids) openPits.delete(String(id));
      return { status: 200, body: es ? { succeeded: true, num_freed: ids.length } : { pits: [] } };
    }
    if (segments[segments.length - 1] === "_field_caps") {
      const asked = String(
        request.query.get("fields") ?? (request.body?.fields as string[] | undefined)?.join(",") ?? "",
      )
        .split(",")
        .filter(Boolean);
      const fields: Record<string, Record<string, unknown>> = {};
      for (const [name, types] of Object.entries(options.mapping ?? {})) {
        if (!asked.some((pattern) => wildcard(pattern).test(name))) continue;
        fields[name] = Object.fromEntries(
          (typeof types === "string" ? [types] : types).map((type) => [type, { type, searchable: true }]),
        );
      }
      return { status: 200, body: { indices: segments.slice(0, -1), fields } };
    }
    const isSearch = segments[segments.length - 1] === "_search";
    if (!isSearch) return { status: 404, body: { error: `no stub for ${request.method} ${request.path}` } };
    const pit = request.body?.pit as { id?: string } | undefined;
    let indices: string[];
    if (pit) {
      const known = pit.id === undefined ? undefined : pitIndex.get(pit.id);
      if (!known || !openPits.has(pit.id as string)) {
        return {
          status: 404,
          body: { error: { type: "search_context_missing_exception", reason: "no PIT" } },
        };
      }
      indices = known;
    } else {
      indices = (segments[0] ?? "").split(",");
    }
    const size = Number(request.body?.size ?? request.query.get("size") ?? 10);
    const after = request.body?.search_after as number[] | undefined;
    // Without a PIT there is no implicit tiebreaker: only the time is a sort value.
    const width = pit ? 2 : 1;
    const hits = allHits(indices)
      .filter((hit) => after === undefined || compareSort(hit.sort.slice(0, width), after) > 0)
      .slice(0, size);
    const shaped = hits.map((hit) => ({ ...hit, sort: hit.sort.slice(0, width) }));
    return {
      status: 200,
      body: {
        took: 1,
        timed_out: false,
        ...(pit ? { pit_id: pit.id } : {}),
        hits: { hits: shaped },
      },
    };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const text = Buffer.concat(chunks).toString("utf8");
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      };
      requests.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, {
        "content-type": "application/json",
        ...(options.flavor === "elasticsearch" ? { "x-elastic-product": "Elasticsearch" } : {}),
      });
      res.end(JSON.stringify(body));
    });
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const lifetime = setTimeout(() => server.close(), MAX_LIFETIME_MS);
  lifetime.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openPits,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function compareSort(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`);
}
