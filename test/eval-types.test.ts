import { describe, expect, it } from "vitest";
import { compileQuery, KqlCompileError } from "../src/eval/index.js";
import { matches, thrown } from "./helpers/eval.js";

function rejects(query: string, fields: Record<string, string>): string {
  const error = thrown(() => compileQuery(query, { schema: fields as never }));
  expect(error).toBeInstanceOf(KqlCompileError);
  return (error as KqlCompileError).code;
}

describe("text fields (standard analyzer)", () => {
  const T = { message: "match_only_text" } as const;
  it("match any analysed token when unquoted, a phrase when quoted", () => {
    expect(matches("message:HELLO there", { message: "hello world" }, T)).toBe(true);
    expect(matches('message:"world hello"', { message: "Hello, World!" }, T)).toBe(false);
    expect(matches('message:"hello, WORLD"', { message: "Hello World!" }, T)).toBe(true);
  });

  it("never build a phrase across two array values", () => {
    expect(matches('message:"hello world"', { message: ["x hello", "world y"] }, T)).toBe(false);
    expect(matches('message:"hello world"', { message: ["x", "hello world"] }, T)).toBe(true);
  });

  it("split tokens longer than 255 characters", () => {
    const word = "a".repeat(255) + "b".repeat(10);
    expect(matches(`message:${"b".repeat(10)}`, { message: word }, T)).toBe(true);
    expect(matches(`message:${word}`, { message: "zzz" }, T)).toBe(false);
  });

  it("match wildcard terms against single lower-cased tokens", () => {
    expect(matches("message:WOR*", { message: "Hello World" }, T)).toBe(true);
    expect(matches("message:hello*world", { message: "hello world" }, T)).toBe(false);
  });

  it("match nothing for a query without tokens", () => {
    expect(matches("message:--", { message: "a -- b" }, T)).toBe(false);
  });
});

describe("numeric fields", () => {
  it("truncate fractions of integer values at index time and parse numeric strings", () => {
    const F = { n: "integer" } as const;
    expect(matches("n:7", { n: 7.9 }, F)).toBe(true);
    expect(matches("n:7", { n: "7" }, F)).toBe(true);
    expect(matches("n:7.5", { n: 7.5 }, F)).toBe(false);
    expect(matches("n > 7.5", { n: 8 }, F)).toBe(true);
  });

  it("refuse words, wildcards and out-of-range values", () => {
    expect(rejects("n:abc", { n: "long" })).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("n:1*", { n: "long" })).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("n:300", { n: "byte" })).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("n:true", { n: "long" })).toBe("KQL_ES_REJECTS_QUERY");
  });

  it("compare float types at their own precision", () => {
    expect(matches("f:0.1", { f: 0.1 }, { f: "float" })).toBe(true);
    expect(matches("f:0.1", { f: 0.1000001 }, { f: "half_float" })).toBe(true);
    expect(matches("f:0.123", { f: 0.1234 }, { f: { type: "scaled_float", scalingFactor: 1000 } })).toBe(
      true,
    );
    expect(matches("f:0.1", { f: 0.1000001 }, { f: "double" })).toBe(false);
  });
});

describe("date fields", () => {
  const D = { "@timestamp": "date" } as const;
  const now = "2024-05-15T12:34:56.789Z";
  it("cover the span of the written precision, honouring offsets", () => {
    expect(matches("@timestamp:2024-05-15", { "@timestamp": "2024-05-15T23:59:59.999Z" }, D)).toBe(true);
    expect(matches("@timestamp:2024-05-15", { "@timestamp": "2024-05-16T00:30:00+01:00" }, D)).toBe(true);
    expect(matches('@timestamp:"2024-05-15T13"', { "@timestamp": "2024-05-15T13:59:00Z" }, D)).toBe(true);
    expect(matches("@timestamp:2024", { "@timestamp": "2024-02-01T00:00:00Z" }, D)).toBe(false);
  });

  it("evaluate date math against the injected clock", () => {
    const at = (iso: string) => ({ "@timestamp": iso });
    expect(matches("@timestamp >= now-5m", at("2024-05-15T12:30:00Z"), D, { now })).toBe(true);
    expect(matches("@timestamp >= now-5m", at("2024-05-15T12:29:00Z"), D, { now })).toBe(false);
    expect(matches("@timestamp >= now/w", at("2024-05-13T00:00:00Z"), D, { now })).toBe(true);
    expect(matches("@timestamp >= now/w", at("2024-05-12T23:59:59Z"), D, { now })).toBe(false);
    expect(matches("@timestamp <= now-1M/M", at("2024-04-30T23:59:59.999Z"), D, { now })).toBe(true);
    expect(matches("@timestamp > now-1M/M", at("2024-04-30T23:59:59.999Z"), D, { now })).toBe(false);
    expect(matches("@timestamp < now-1y/y", at("2022-12-31T23:00:00Z"), D, { now: Date.parse(now) })).toBe(
      true,
    );
    expect(matches('@timestamp > "2024-05-10||+1d/d"', at("2024-05-11T23:00:00Z"), D)).toBe(false);
  });

  it("read the clock at evaluation time when none is given", () => {
    const predicate = compileQuery("@timestamp > now-1h", { schema: D });
    expect(predicate({ "@timestamp": new Date().toISOString() })).toBe(true);
    expect(predicate({ "@timestamp": new Date(Date.now() - 2 * 3600_000).toISOString() })).toBe(false);
  });

  it("keep nanoseconds on date_nanos and truncate to milliseconds on date", () => {
    const doc = { t: "2024-05-10T00:00:00.000000500Z" };
    expect(matches('t > "2024-05-10T00:00:00.000000400Z"', doc, { t: "date_nanos" })).toBe(true);
    expect(matches('t > "2024-05-10T00:00:00.000000400Z"', doc, { t: "date" })).toBe(false);
  });

  it("refuse non-dates and wildcards", () => {
    expect(rejects("@timestamp:last-week", D)).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("@timestamp:2024*", D)).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("@timestamp > 2024-13-01", D)).toBe("KQL_ES_REJECTS_QUERY");
  });
});

describe("ip fields", () => {
  const I = { ip: "ip" } as const;
  it("compare addresses, IPv6 and IPv4-mapped alike", () => {
    expect(matches('ip:"::ffff:192.168.0.1"', { ip: "192.168.0.1" }, I)).toBe(true);
    expect(matches('ip:"2001:db8::1"', { ip: "2001:0db8:0000::0001" }, I)).toBe(true);
    expect(matches('ip:"2001:db8::/32"', { ip: "2001:db8:ffff::1" }, I)).toBe(true);
    expect(matches('ip:"2001:db8::/32"', { ip: "2001:db9::1" }, I)).toBe(false);
    expect(matches("ip:192.168.0.0/16", { ip: "::ffff:192.168.4.4" }, I)).toBe(true);
  });

  it("compare ranges numerically, not textually", () => {
    expect(matches("ip > 9.255.255.255", { ip: "10.0.0.1" }, I)).toBe(true);
    expect(matches("ip < 10.0.0.2", { ip: "10.0.0.10" }, I)).toBe(false);
  });

  it("refuse malformed addresses and wildcards", () => {
    expect(rejects("ip:10.1", I)).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("ip:10.0.0.0/33", I)).toBe("KQL_ES_REJECTS_QUERY");
    expect(rejects("ip:10.*", I)).toBe("KQL_ES_REJECTS_QUERY");
  });
});

describe("boolean fields", () => {
  const B = { b: "boolean" } as const;
  it("index true/'true' and false/'false'/'' ", () => {
    expect(matches("b:true", { b: "true" }, B)).toBe(true);
    expect(matches("b:false", { b: "" }, B)).toBe(true);
    expect(matches("b:false", { b: "no" }, B)).toBe(false);
    expect(rejects("b:yes", B)).toBe("KQL_ES_REJECTS_QUERY");
  });
});

describe("exists", () => {
  it("counts empty strings, 0 and false; not null or []", () => {
    const F = { s: "keyword", n: "long", b: "boolean" } as const;
    expect(matches("s:* and n:* and b:*", { s: "", n: 0, b: false }, F)).toBe(true);
    expect(matches("s:*", { s: null }, F)).toBe(false);
    expect(matches("s:*", { s: [] }, F)).toBe(false);
    expect(matches("s:*", { s: [[], [null]] }, F)).toBe(false);
  });

  it("is false for values the type does not index", () => {
    expect(matches("n:*", { n: "abc" }, { n: "long" })).toBe(false);
    expect(matches("ip:*", { ip: "not-an-ip" }, { ip: "ip" })).toBe(false);
  });

  it("on an object path looks for any value below it", () => {
    const F = { "a.b.c": "keyword" } as const;
    expect(matches("a:*", { a: { b: { c: "x" } } }, F)).toBe(true);
    expect(matches("a.b:*", { a: { b: { c: null } } }, F)).toBe(false);
  });
});
