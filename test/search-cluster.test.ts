import { afterAll, describe, expect, it } from "vitest";
import { compileRule } from "../src/rules/compile-rule.js";
import type { CompiledRule } from "../src/rules/compiled-rule.js";
import type { Alert } from "../src/rules/detect/alert-types.js";
import { detect } from "../src/rules/detect/detect.js";
import { ClusterError } from "../src/search/cluster.js";
import { backoffDelay } from "../src/search/retry.js";
import { ruleToElasticsearchQuery } from "../src/search/rule-query.js";
import {
  type RuleSearchFailure,
  type RuleSearchResult,
  type SearchRulesOptions,
  type SearchSummary,
  searchRules,
} from "../src/search/search-rules.js";
import { type Fault, type StubCluster, type StubOptions, startStubCluster } from "./helpers/stub-cluster.js";

function queryRule(id: string, index: string, extra: Record<string, unknown> = {}): CompiledRule {
  return compileRule({
    rule_id: id,
    name: `rule ${id}`,
    type: "query",
    severity: "medium",
    risk_score: 47,
    index: [index],
    query: "event.category:process and process.name:cmd.exe",
    from: "now-1h",
    ...extra,
  });
}

const docsA = [0, 1, 2, 3, 4].map((n) => ({
  "@timestamp": `2024-05-01T10:0${n}:00.000Z`,
  event: { category: "process" },
  process: { name: "cmd.exe", pid: 100 + n },
  host: { name: `host-${n}` },
}));
const docsB = [{ "@timestamp": "2024-05-01T11:00:00.000Z", event: { category: "process" } }];

const servers: StubCluster[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function stub(options: Partial<StubOptions> = {}): Promise<StubCluster> {
  const server = await startStubCluster({
    flavor: "elasticsearch",
    docs: { "logs-a-1": docsA, "logs-b-1": docsB },
    ...options,
  });
  servers.push(server);
  return server;
}

interface Run {
  alerts: Alert[];
  summary: SearchSummary;
  reported: RuleSearchResult[];
}

async function run(rules: CompiledRule[], options: SearchRulesOptions): Promise<Run> {
  const alerts: Alert[] = [];
  const reported: RuleSearchResult[] = [];
  const search = searchRules(rules, { ...options, onRuleResult: (result) => reported.push(result) });
  let step = await search.next();
  while (!step.done) {
    alerts.push(step.value);
    step = await search.next();
  }
  return { alerts, summary: step.value, reported };
}

/** What detect() gives for the same documents exported with their _id and _index. */
async function localAlerts(rule: CompiledRule, index: string, docs: readonly object[]): Promise<Alert[]> {
  const events = docs.map((doc, position) => ({ ...doc, _id: `${index}-${position}`, _index: index }));
  const out: Alert[] = [];
  for await (const alert of detect([rule], events)) out.push(alert);
  return out;
}

const noWait = { sleep: async () => undefined };

describe("searchRules on Elasticsearch (stub)", () => {
  it("pages with PIT + search_after and yields detect()'s alerts", async () => {
    const server = await stub();
    const rule = queryRule("a", "logs-a-*");
    const { alerts, summary } = await run([rule], { node: server.url, pageSize: 2, retry: noWait });

    expect(alerts).toEqual(await localAlerts(rule, "logs-a-1", docsA));
    expect(alerts.map((alert) => (alert.source as { host: { name: string } }).host.name)).toEqual([
      "host-0",
      "host-1",
      "host-2",
      "host-3",
      "host-4",
    ]);
    expect(summary).toMatchObject({ rules: 1, ok: 1, failed: 0, alerts: 5 });
    expect(summary.results[0]).toMatchObject({ status: "ok", pages: 3, pit: true, limitReached: false });

    const [open, ...rest] = server.requests;
    expect(open?.method).toBe("POST");
    expect(open?.path).toBe("/logs-a-*/_pit");
    expect(open?.query.get("keep_alive")).toBe("1m");
    const searches = rest.filter((request) => request.path === "/_search");
    expect(searches).toHaveLength(3);
    const expected = ruleToElasticsearchQuery(rule, { size: 2 });
    for (const request of searches) {
      expect(request.body?.query).toEqual(expected.query);
      expect(request.body?.sort).toEqual(expected.sort);
      expect(request.body?.size).toBe(2);
      expect(request.body?.pit).toEqual({ id: "pit-1", keep_alive: "1m" });
      expect(request.body).not.toHaveProperty("index");
    }
    expect(searches[0]?.body).not.toHaveProperty("search_after");
    expect(searches[1]?.body?.search_after).toEqual([Date.parse("2024-05-01T10:01:00.000Z"), 1]);
    expect(searches[2]?.body?.search_after).toEqual([Date.parse("2024-05-01T10:03:00.000Z"), 3]);
    const close = rest[rest.length - 1];
    expect(close?.method).toBe("DELETE");
    expect(close?.path).toBe("/_pit");
    expect(close?.body).toEqual({ id: "pit-1" });
    expect(server.openPits.size).toBe(0);
  });

  it("a 400 from the cluster fails that rule only; the next rule runs", async () => {
    const fault: Fault = {
      when: (request) =>
        request.path === "/_search" &&
        request.body?.pit !== undefined &&
        isPitOf(server, request, "logs-b-*"),
      status: 400,
      body: {
        error: {
          root_cause: [
            { type: "query_shard_exception", reason: 'failed to create query: For input string: "abc"' },
          ],
          type: "search_phase_execution_exception",
          reason: "all shards failed",
        },
        status: 400,
      },
    };
    const server: StubCluster = await stub({ faults: [fault] });
    const sleeps: number[] = [];
    const { alerts, summary, reported } = await run(
      [queryRule("b", "logs-b-*"), queryRule("a", "logs-a-*")],
      {
        node: server.url,
        retry: { sleep: async (ms) => void sleeps.push(ms) },
      },
    );
    expect(alerts).toHaveLength(5);
    expect(reported.map((result) => result.status)).toEqual(["failed", "ok"]);
    const failed = reported[0] as RuleSearchFailure;
    expect(failed).toMatchObject({
      ruleId: "b",
      stage: "cluster",
      statusCode: 400,
      errorType: "search_phase_execution_exception",
      attempts: 1,
      alerts: 0,
    });
    expect(failed.reason).toContain('For input string: "abc"');
    expect(sleeps).toEqual([]);
    expect(summary).toMatchObject({ rules: 2, ok: 1, failed: 1, alerts: 5 });
    expect(server.openPits.size).toBe(0);
  });

  it("429 and 503 are retried with growing, jittered delays, then succeed", async () => {
    const faults: Fault[] = [
      {
        when: (r) => r.path === "/_search",
        status: 429,
        body: { error: { type: "es_rejected_execution_exception", reason: "queue full" } },
        times: 1,
      },
      {
        when: (r) => r.path === "/_search",
        status: 503,
        body: { error: { type: "unavailable", reason: "no master" } },
        times: 1,
      },
    ];
    const server = await stub({ faults });
    const sleeps: number[] = [];
    const retry = { baseDelayMs: 100, random: () => 0.5, sleep: async (ms: number) => void sleeps.push(ms) };
    const { alerts, summary } = await run([queryRule("a", "logs-a-*")], { node: server.url, retry });
    expect(alerts).toHaveLength(5);
    expect(summary.results[0]?.status).toBe("ok");
    expect(sleeps).toEqual([backoffDelay(1, retry), backoffDelay(2, retry)]);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] as number);
    expect(server.requests.filter((r) => r.path === "/_search")).toHaveLength(3);
  });

  it("backoff: exponential, capped, jitter within half the delay", () => {
    expect(backoffDelay(1, { baseDelayMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, { baseDelayMs: 100, random: () => 0.999999 })).toBe(100);
    expect(backoffDelay(3, { baseDelayMs: 100, random: () => 0 })).toBe(200);
    expect(backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(500);
  });

  it("retries exhausted: a clear per-rule error, bounded attempts", async () => {
    const server = await stub({
      faults: [
        {
          when: (r) => r.path === "/_search",
          status: 503,
          body: { error: { type: "unavailable", reason: "cluster is busy" } },
        },
      ],
    });
    const sleeps: number[] = [];
    const { summary } = await run([queryRule("a", "logs-a-*")], {
      node: server.url,
      retry: { maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms) },
    });
    const failed = summary.results[0] as RuleSearchFailure;
    expect(failed).toMatchObject({
      status: "failed",
      statusCode: 503,
      attempts: 3,
      reason: "cluster is busy",
    });
    expect(failed.message).toContain("gave up after 3 attempts");
    expect(sleeps).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === "/_search")).toHaveLength(3);
    expect(server.openPits.size).toBe(0);
  });

  it("sends the API key and never shows it, even when the cluster echoes it", async () => {
    const apiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
    const server = await stub({
      faults: [
        {
          when: (r) => isPitOf(server, r, "logs-b-*") && r.path === "/_search",
          status: 401,
          body: { error: { type: "security_exception", reason: `unable to authenticate with ${apiKey}` } },
        },
      ],
    });
    const { summary } = await run([queryRule("b", "logs-b-*"), queryRule("a", "logs-a-*")], {
      node: server.url,
      auth: { apiKey },
      retry: noWait,
    });
    expect(server.requests.every((r) => r.headers.authorization === `ApiKey ${apiKey}`)).toBe(true);
    const failed = summary.results[0] as RuleSearchFailure;
    expect(failed.statusCode).toBe(401);
    expect(failed.reason).toContain("[REDACTED]");
    expect(JSON.stringify(summary)).not.toContain(apiKey);
  });

  it("sends basic auth; a password in an error message is redacted", async () => {
    const password = "s3cret-Pa55";
    const server = await stub({
      faults: [
        { when: () => true, status: 400, body: { error: { type: "x", reason: `bad password ${password}` } } },
      ],
    });
    const { summary } = await run([queryRule("a", "logs-a-*")], {
      node: server.url,
      auth: { username: "elastic", password },
      retry: noWait,
    });
    const expected = `Basic ${Buffer.from(`elastic:${password}`).toString("base64")}`;
    expect(server.requests[0]?.headers.authorization).toBe(expected);
    expect(JSON.stringify(summary)).not.toContain(password);
    expect((summary.results[0] as RuleSearchFailure).reason).toBe("bad password [REDACTED]");
  });

  it("without PIT support: plain search_after over the index", async () => {
    const server = await stub({ noPit: true });
    const rule = queryRule("a", "logs-a-*");
    const { alerts, summary } = await run([rule], { node: server.url, pageSize: 2, retry: noWait });
    expect(alerts).toEqual(await localAlerts(rule, "logs-a-1", docsA));
    expect(summary.results[0]).toMatchObject({ status: "ok", pit: false, pages: 3 });
    const searches = server.requests.filter((r) => r.path.endsWith("/_search"));
    expect(searches.map((r) => r.path)).toEqual(Array(3).fill("/logs-a-*/_search"));
    expect(searches[1]?.body?.search_after).toEqual([Date.parse("2024-05-01T10:01:00.000Z")]);
    expect(searches[0]?.query.get("ignore_unavailable")).toBe("true");
  });

  it("maxAlerts: stops at the limit and says so", async () => {
    const server = await stub();
    const { alerts, summary } = await run([queryRule("a", "logs-a-*")], {
      node: server.url,
      pageSize: 2,
      maxAlerts: 3,
      retry: noWait,
    });
    expect(alerts).toHaveLength(3);
    expect(summary.results[0]).toMatchObject({ status: "ok", limitReached: true, pages: 2 });
    expect(server.requests.filter((r) => r.path === "/_search").map((r) => r.body?.size)).toEqual([2, 1]);
  });

  it("the rule's max_signals is the default limit, as in one Kibana execution", async () => {
    const server = await stub();
    const { alerts } = await run([queryRule("a", "logs-a-*", { max_signals: 4 })], {
      node: server.url,
      retry: noWait,
    });
    expect(alerts).toHaveLength(4);
  });

  it("stopping early closes the point in time", async () => {
    const server = await stub();
    for await (const _alert of searchRules([queryRule("a", "logs-a-*")], { node: server.url, pageSize: 2 })) {
      break;
    }
    expect(server.requests.some((r) => r.method === "DELETE" && r.path === "/_pit")).toBe(true);
    expect(server.openPits.size).toBe(0);
  });

  it("other rule types are reported as not supported on the cluster, never skipped", async () => {
    const server = await stub();
    const threshold = compileRule({
      rule_id: "t",
      name: "threshold",
      type: "threshold",
      severity: "low",
      risk_score: 1,
      index: ["logs-a-*"],
      query: "event.category:process",
      threshold: { field: ["host.name"], value: 2 },
    });
    const { summary } = await run([threshold, queryRule("a", "logs-a-*")], {
      node: server.url,
      retry: noWait,
    });
    expect(summary.results[0]).toMatchObject({ ruleId: "t", status: "unsupported" });
    expect((summary.results[0] as { reason: string }).reason).toMatch(
      /threshold rules are not supported on the cluster yet/,
    );
    expect(summary).toMatchObject({ rules: 2, ok: 1, unsupported: 1, alerts: 5 });
  });

  it("a query Kibana refuses fails before anything is sent", async () => {
    const server = await stub();
    const { summary } = await run([queryRule("n", "logs-a-*", { query: "gcp.deltas.action:ADD" })], {
      node: server.url,
      fields: { "gcp.deltas": "nested", "gcp.deltas.action": "keyword" },
      retry: noWait,
    });
    expect(summary.results[0]).toMatchObject({ status: "failed", stage: "conversion", attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it("an unreachable cluster: the first rule fails after its retries, the rest at once", async () => {
    const server = await stub();
    const url = server.url;
    await server.close();
    const sleeps: number[] = [];
    const { summary } = await run([queryRule("a", "logs-a-*"), queryRule("b", "logs-b-*")], {
      node: url,
      retry: { maxAttempts: 2, sleep: async (ms) => void sleeps.push(ms) },
    });
    expect(summary.results[0]).toMatchObject({ status: "failed", statusCode: undefined, attempts: 2 });
    // The second rule is not retried against a cluster that is down.
    expect(summary.results[1]).toMatchObject({ ruleId: "b", status: "failed", attempts: 0 });
    expect((summary.results[1] as RuleSearchFailure).message).toMatch(
      /not tried: the cluster was unreachable/,
    );
    expect(sleeps).toHaveLength(1);
  });

  it("uses a client the caller made (and leaves it open)", async () => {
    const server = await stub();
    const { Client } = await import("@elastic/elasticsearch");
    const client = new Client({ node: server.url, maxRetries: 0 });
    const { alerts } = await run([queryRule("a", "logs-a-*")], { client, retry: noWait });
    expect(alerts).toHaveLength(5);
    // Still usable: searchRules did not close it.
    const again = await run([queryRule("a", "logs-a-*")], { client, retry: noWait });
    expect(again.alerts).toHaveLength(5);
    await client.close();
  });

  it("an aborted search throws the abort reason and closes the PIT", async () => {
    const server = await stub();
    const controller = new AbortController();
    const seen: Alert[] = [];
    const search = searchRules([queryRule("a", "logs-a-*")], {
      node: server.url,
      pageSize: 2,
      signal: controller.signal,
    });
    await expect(
      (async () => {
        for await (const alert of search) {
          seen.push(alert);
          controller.abort(new Error("stop now"));
        }
      })(),
    ).rejects.toThrow("stop now");
    expect(seen.length).toBeLessThan(5);
    expect(server.openPits.size).toBe(0);
  });

  it('fields: "cluster" types the query by the cluster\'s field capabilities', async () => {
    const rule = queryRule("w", "logs-a-*", { query: "process.name:*foo bar* and process.pe.*:x" });
    const typed = async (mapping: Record<string, string | string[]>) => {
      const server = await stub({ mapping });
      await run([rule], { node: server.url, fields: "cluster", retry: noWait });
      const caps = server.requests.find((r) => r.path.endsWith("/_field_caps"));
      const search = server.requests.find((r) => r.path === "/_search");
      return { caps, query: JSON.stringify(search?.body?.query) };
    };
    const keyword = await typed({
      "process.name": "keyword",
      "process.pe.company": "keyword",
      "host.name": "keyword",
    });
    expect(keyword.caps?.path).toBe("/logs-a-*/_field_caps");
    // The client sends `fields` in the body (Elasticsearch 9) or the query string (older clients).
    const asked = keyword.caps?.query.get("fields")?.split(",") ?? (keyword.caps?.body?.fields as string[]);
    expect([...asked].sort()).toEqual(["process.name", "process.pe.*"]);
    // One wildcard pattern with its space, and the field-name pattern expanded over the cluster's names.
    expect(keyword.query).toContain('"wildcard":{"process.name":{"value":"*foo bar*"}}');
    expect(keyword.query).toContain('"process.pe.company":{"value":"x"}');
    // Mapped text in one index and keyword in another: not keyword-only, so query_string, as Kibana sends.
    const conflict = await typed({ "process.name": ["keyword", "text"] });
    expect(conflict.query).toContain('"query_string":{"fields":["process.name"],"query":"*foo bar*"}');
  });

  it("no cluster given: a ClusterError", async () => {
    await expect(run([queryRule("a", "logs-a-*")], {})).rejects.toThrow(ClusterError);
  });
});

describe("searchRules on OpenSearch (stub)", () => {
  it("uses OpenSearch's PIT API and yields the same alerts", async () => {
    const server = await stub({ flavor: "opensearch" });
    const rule = queryRule("a", "logs-a-*");
    const { alerts, summary } = await run([rule], {
      node: server.url,
      opensearch: true,
      pageSize: 2,
      auth: { username: "admin", password: "admin-pass" },
      retry: noWait,
    });
    expect(alerts).toEqual(await localAlerts(rule, "logs-a-1", docsA));
    expect(summary.results[0]).toMatchObject({ status: "ok", pit: true, pages: 3 });
    expect(server.requests[0]?.path).toBe("/logs-a-*/_search/point_in_time");
    const searches = server.requests.filter((r) => r.path === "/_search");
    expect(searches).toHaveLength(3);
    expect(searches[0]?.body?.query).toEqual(ruleToElasticsearchQuery(rule).query);
    const close = server.requests[server.requests.length - 1];
    expect(close).toMatchObject({
      method: "DELETE",
      path: "/_search/point_in_time",
      body: { pit_id: ["pit-1"] },
    });
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("admin:admin-pass").toString("base64")}`,
    );
  });

  it("uses an OpenSearch client the caller made", async () => {
    const server = await stub({ flavor: "opensearch" });
    const { Client } = await import("@opensearch-project/opensearch");
    const client = new Client({ node: server.url, maxRetries: 0 });
    const { alerts, summary } = await run([queryRule("a", "logs-a-*")], { client, retry: noWait });
    expect(alerts).toHaveLength(5);
    expect(summary.results[0]).toMatchObject({ status: "ok", pit: true });
    await client.close();
  });

  it('fields: "cluster" asks OpenSearch\'s field capabilities', async () => {
    const server = await stub({ flavor: "opensearch", mapping: { "process.name": "keyword" } });
    const rule = queryRule("w", "logs-a-*", { query: "process.name:*foo bar*" });
    await run([rule], { node: server.url, opensearch: true, fields: "cluster", retry: noWait });
    expect(server.requests[0]?.path).toBe("/logs-a-*/_field_caps");
    const search = server.requests.find((r) => r.path === "/_search");
    expect(JSON.stringify(search?.body?.query)).toContain(
      '"wildcard":{"process.name":{"value":"*foo bar*"}}',
    );
  });

  it("an OpenSearch without PIT: plain search_after", async () => {
    const server = await stub({ flavor: "opensearch", noPit: true });
    const { alerts, summary } = await run([queryRule("a", "logs-a-*")], {
      node: server.url,
      opensearch: true,
      pageSize: 2,
      retry: noWait,
    });
    expect(alerts).toHaveLength(5);
    expect(summary.results[0]).toMatchObject({ status: "ok", pit: false });
  });
});

/** Whether a recorded search runs over a PIT opened on this index pattern. */
function isPitOf(
  server: StubCluster,
  request: { body?: Record<string, unknown> | undefined },
  index: string,
): boolean {
  const id = (request.body?.pit as { id?: string } | undefined)?.id;
  if (id === undefined) return false;
  const position = Number(id.replace("pit-", ""));
  const opens = server.requests
    .filter((r) => r.path.endsWith("/_pit") || r.path.endsWith("/point_in_time"))
    .filter((r) => r.method === "POST");
  return decodeURIComponent(opens[position - 1]?.path.split("/")[1] ?? "") === index;
}
