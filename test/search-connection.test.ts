import { describe, expect, it } from "vitest";
import { ClusterError, errorBodyReason, toClusterError } from "../src/search/cluster.js";
import { connect, connectionFromEnv, importOptional, redactorFor } from "../src/search/connection.js";
import { createRedactor, REDACTED } from "../src/search/redact.js";

describe("connection settings", () => {
  it("reads KUERY_ES_* variables, ignoring empty ones", () => {
    expect(
      connectionFromEnv({
        KUERY_ES_URL: "https://es:9200",
        KUERY_ES_USERNAME: "elastic",
        KUERY_ES_PASSWORD: "pw",
        KUERY_ES_API_KEY: "",
        KUERY_ES_CA: "/etc/ca.pem",
      }),
    ).toEqual({
      node: "https://es:9200",
      auth: { username: "elastic", password: "pw" },
      caFile: "/etc/ca.pem",
    });
    expect(connectionFromEnv({})).toEqual({});
  });

  it("a missing optional client package is named with the command to install it", async () => {
    await expect(importOptional("@kuery-engine-test/not-installed")).rejects.toThrow(
      "searching a cluster needs the package @kuery-engine-test/not-installed: npm install @kuery-engine-test/not-installed",
    );
  });

  it("refuses an API key together with basic auth, and half a basic pair", async () => {
    await expect(
      connect({ node: "http://127.0.0.1:1", auth: { apiKey: "k", username: "u", password: "p" } }),
    ).rejects.toThrow(/either an API key or a username and password/);
    await expect(connect({ node: "http://127.0.0.1:1", auth: { username: "u" } })).rejects.toThrow(
      /needs both a username and a password/,
    );
  });

  it("an object that is no known client is refused", async () => {
    await expect(connect({ client: { search() {} } })).rejects.toThrow(ClusterError);
  });
});

describe("redaction", () => {
  it("removes secrets in plain, URL-encoded and base64 forms, and URL user info", () => {
    const redact = redactorFor({
      node: "https://elastic:p%40ss-word@es.example:9200",
      auth: { username: "elastic", password: "hunter22" },
    });
    const basic = Buffer.from("elastic:hunter22").toString("base64");
    const text = `failed https://elastic:p%40ss-word@es.example:9200 with hunter22 / Basic ${basic} / p@ss-word`;
    const out = redact(text);
    expect(out).not.toContain("hunter22");
    expect(out).not.toContain(basic);
    expect(out).not.toContain("p@ss-word");
    expect(out).not.toContain("p%40ss-word");
    expect(out).toContain(`https://${REDACTED}@es.example:9200`);
  });

  it("leaves text without secrets alone; very short secrets are not searched for", () => {
    const redact = createRedactor(["abc", undefined]);
    expect(redact("abc def")).toBe("abc def");
  });
});

describe("cluster errors", () => {
  it("takes the root cause's reason beside the top-level one", () => {
    expect(
      errorBodyReason({
        error: {
          type: "search_phase_execution_exception",
          reason: "all shards failed",
          root_cause: [{ type: "query_shard_exception", reason: "failed to parse date" }],
        },
      }),
    ).toEqual({
      type: "search_phase_execution_exception",
      reason: "all shards failed: failed to parse date",
    });
    expect(errorBodyReason({ error: "no handler found" })).toEqual({
      type: undefined,
      reason: "no handler found",
    });
  });

  it("classifies client errors: 4xx final, 429/5xx and transport failures retryable", () => {
    const response = (statusCode: number) =>
      Object.assign(new Error("x"), { name: "ResponseError", meta: { statusCode, body: {} } });
    expect(toClusterError(response(400), "search").retryable).toBe(false);
    expect(toClusterError(response(404), "search").retryable).toBe(false);
    expect(toClusterError(response(429), "search").retryable).toBe(true);
    expect(toClusterError(response(502), "search").retryable).toBe(true);
    const refused = Object.assign(new Error("connect ECONNREFUSED"), {
      name: "ConnectionError",
      meta: { statusCode: 0 },
    });
    expect(toClusterError(refused, "search")).toMatchObject({ retryable: true, statusCode: undefined });
    const product = Object.assign(new Error("not es"), { name: "ProductNotSupportedError" });
    expect(toClusterError(product, "search").message).toMatch(/--opensearch/);
  });
});
