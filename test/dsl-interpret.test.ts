import { describe, expect, it } from "vitest";
import { DslInterpretError, interpretDsl } from "../src/dsl/interpret/index.js";
import type { JsonValue } from "../src/dsl/types.js";

const mapping = {
  name: "keyword",
  tags: "keyword",
  cmd: "wildcard",
  pid: "long",
  ip: "ip",
  ok: "boolean",
  when: "date",
  items: "nested",
  "items.k": "keyword",
  "items.n": "long",
  "items.sub": "nested",
  "items.sub.z": "keyword",
  "obj.a": "keyword",
  "obj.b": "long",
};

const run = (query: JsonValue, doc: unknown) => interpretDsl(query, doc, mapping);

function failure(query: JsonValue, doc: unknown): DslInterpretError {
  try {
    run(query, doc);
  } catch (error) {
    if (error instanceof DslInterpretError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("bool", () => {
  const yes = { match_all: {} };
  const no = { match_none: {} };

  it("requires every must/filter clause and no must_not clause", () => {
    expect(run({ bool: { filter: [yes, yes], must: yes } }, {})).toBe(true);
    expect(run({ bool: { filter: [yes, no] } }, {})).toBe(false);
    expect(run({ bool: { must_not: no } }, {})).toBe(true);
    expect(run({ bool: { must_not: [no, yes] } }, {})).toBe(false);
  });

  it("needs one should clause by default only without must/filter", () => {
    expect(run({ bool: { should: [no, no] } }, {})).toBe(false);
    expect(run({ bool: { should: [no, yes] } }, {})).toBe(true);
    expect(run({ bool: { filter: yes, should: [no] } }, {})).toBe(true);
    expect(run({ bool: { should: [yes, no], minimum_should_match: 2 } }, {})).toBe(false);
    expect(run({ bool: { should: [yes, yes], minimum_should_match: "2" } }, {})).toBe(true);
  });
});

describe("documents", () => {
  it("reads dotted keys, nested objects and arrays alike, merging both spellings", () => {
    const doc = { "obj.a": "x", obj: { a: ["y", ["z"]], b: null } };
    for (const value of ["x", "y", "z"]) expect(run({ term: { "obj.a": value } }, doc)).toBe(true);
    expect(run({ exists: { field: "obj.b" } }, doc)).toBe(false);
    expect(run({ exists: { field: "obj" } }, doc)).toBe(true);
  });

  it("matches nothing on unmapped fields, whatever the source holds", () => {
    expect(run({ match: { other: "x" } }, { other: "x" })).toBe(false);
    expect(run({ bool: { must_not: { match: { other: "x" } } } }, { other: "x" })).toBe(true);
  });
});

describe("keyword fields", () => {
  it("compare whole values exactly, numbers and booleans as their JSON text", () => {
    expect(run({ term: { name: { value: "4624" } } }, { name: 4624 })).toBe(true);
    expect(run({ match: { name: "true" } }, { name: true })).toBe(true);
    expect(run({ match_phrase: { name: "a" } }, { name: "a b" })).toBe(false);
    expect(run({ term: { name: { value: "CMD", case_insensitive: true } } }, { name: "cmd" })).toBe(true);
    expect(run({ term: { name: { value: "CMD" } } }, { name: "cmd" })).toBe(false);
  });

  it("run wildcard queries over the whole value with * ? and backslash escapes", () => {
    const wildcard = (value: string) => ({ wildcard: { name: { value } } });
    expect(run(wildcard("*foo bar*"), { name: "x foo bar y" })).toBe(true);
    expect(run(wildcard("*foo bar*"), { name: "bar.exe" })).toBe(false);
    expect(run(wildcard("a?c"), { name: "abc" })).toBe(true);
    expect(run(wildcard("a\\?c"), { name: "abc" })).toBe(false);
    expect(run(wildcard("a\\?c"), { name: "a?c" })).toBe(true);
    expect(run(wildcard("C\\:\\\\*"), { name: "C:\\x" })).toBe(true);
    expect(run(wildcard("*"), { name: "line\nbreak" })).toBe(true);
  });

  it("compare ranges by code point", () => {
    expect(run({ range: { name: { gt: "B" } } }, { name: "a" })).toBe(true);
    // U+FF5E sorts below U+1F600 by code point although its UTF-16 unit is larger.
    expect(run({ range: { name: { lt: "😀" } } }, { name: "～" })).toBe(true);
  });
});

describe("query_string", () => {
  const qs = (query: string, fields: string[] = ["cmd"]) => ({ query_string: { fields, query } });

  it("splits at whitespace: wildcard chunks, exists for a lone *, plain runs joined", () => {
    expect(run(qs("*foo bar*"), { cmd: "bar.exe --x" })).toBe(true);
    expect(run(qs("*foo bar*"), { cmd: "x foo bar y" })).toBe(false);
    expect(run(qs("* curl*"), { cmd: "ls -la" })).toBe(true);
    expect(run(qs("a b *z"), { cmd: "a b" })).toBe(true);
    expect(run(qs("a b *z"), { cmd: "a" })).toBe(false);
    expect(run(qs("\\*lit\\*"), { cmd: "*lit*" })).toBe(true);
  });

  it("expands field patterns over the mapping and fails on non-string fields unless lenient", () => {
    expect(run(qs("ab*", ["obj.a*"]), { obj: { a: "abc" } })).toBe(true);
    // obj.b is a long: the search fails whatever the document holds, even when obj.a would match.
    expect(failure(qs("ab*", ["obj.*"]), { obj: { a: "abc" } }).code).toBe("search_failed");
    expect(failure(qs("ab*", ["obj.*"]), {}).code).toBe("search_failed");
    expect(run(qs("ab*", ["*"]), { obj: { a: "zzz", b: 3 } })).toBe(false);
    expect(run({ query_string: { query: "ab*" } }, { obj: { a: "abc", b: 3 } })).toBe(true);
    expect(run({ query_string: { query: "ab*" } }, { obj: { b: 3 } })).toBe(false);
  });

  it("refuses Lucene syntax it does not model rather than guessing", () => {
    expect(failure(qs("a AND b*"), {}).code).toBe("unsupported");
    expect(failure(qs("(a*)"), {}).code).toBe("unsupported");
  });
});

describe("integer, ip and boolean fields", () => {
  it("integers: numeric strings parsed, fractions truncated, fractional queries match nothing", () => {
    expect(run({ match: { pid: "200" } }, { pid: "200" })).toBe(true);
    expect(run({ match: { pid: "200" } }, { pid: 200.7 })).toBe(true);
    expect(run({ match: { pid: "0200" } }, { pid: 200 })).toBe(true);
    expect(run({ match: { pid: "200.5" } }, { pid: 200 })).toBe(false);
    expect(run({ range: { pid: { gt: "1.5" } } }, { pid: 2 })).toBe(true);
    expect(failure({ match: { pid: "abc" } }, { pid: 1 }).code).toBe("search_failed");
    expect(failure({ wildcard: { pid: { value: "1*" } } }, { pid: 1 }).code).toBe("search_failed");
  });

  it("ip: IPv4-mapped equality, CIDR blocks, address ranges", () => {
    expect(run({ match: { ip: "::ffff:10.1.2.3" } }, { ip: "10.1.2.3" })).toBe(true);
    expect(run({ match: { ip: "10.0.0.0/8" } }, { ip: "10.1.2.3" })).toBe(true);
    expect(run({ match: { ip: "10.0.0.0/16" } }, { ip: "10.1.2.3" })).toBe(false);
    expect(run({ match: { ip: "fc00::/7" } }, { ip: "fd12::1" })).toBe(true);
    expect(run({ range: { ip: { gte: "10.0.0.0", lt: "10.0.0.255" } } }, { ip: "10.0.0.7" })).toBe(true);
    expect(failure({ match: { ip: "10.0.0" } }, { ip: "10.0.0.1" }).code).toBe("search_failed");
  });

  it("boolean: true/false in text or JSON, anything else fails", () => {
    expect(run({ match: { ok: "false" } }, { ok: "" })).toBe(true);
    expect(run({ term: { ok: { value: true } } }, { ok: "true" })).toBe(true);
    expect(failure({ match: { ok: "yes" } }, { ok: true }).code).toBe("search_failed");
  });

  it("free text is lenient: values a type cannot read are skipped", () => {
    const query = { multi_match: { type: "best_fields", query: "10.1.2.3", lenient: true } };
    const fields = { pid: "long", ip: "ip", name: "keyword", ok: "boolean" };
    expect(interpretDsl(query, { pid: 5, ip: "10.1.2.3" }, fields)).toBe(true);
    expect(interpretDsl(query, { pid: 5, name: "x", ok: true }, fields)).toBe(false);
  });

  it("refuses types outside the subset, also inside free text", () => {
    expect(failure({ match: { when: "2024-05-10" } }, {}).code).toBe("unsupported");
    // Free text is lenient and visits every field: an unmodelled type only matters where it has values.
    expect(run({ multi_match: { query: "x", lenient: true } }, { name: "x" })).toBe(true);
    expect(failure({ multi_match: { query: "x", lenient: true } }, { when: "2024" }).code).toBe(
      "unsupported",
    );
  });

  it("fails a search by the mapping alone, before and whatever the document", () => {
    const query: JsonValue = { bool: { should: [{ match_all: {} }, { match: { pid: "abc" } }] } };
    expect(failure(query, {}).code).toBe("search_failed");
    const inNested = { nested: { path: "items", query: { match: { "items.n": "x" } } } };
    expect(failure(inNested, {}).code).toBe("search_failed");
  });
});

describe("nested", () => {
  const doc = {
    items: [
      { k: "a", n: 1, sub: [{ z: "p" }] },
      { k: "b", n: 2, sub: { z: "q" } },
    ],
  };
  const nested = (path: string, query: JsonValue) => ({ nested: { path, query, score_mode: "none" } });

  it("needs one element to satisfy the whole inner query", () => {
    const both = (k: string, n: string) =>
      nested("items", { bool: { filter: [{ term: { "items.k": k } }, { match: { "items.n": n } }] } });
    expect(run(both("a", "1"), doc)).toBe(true);
    expect(run(both("a", "2"), doc)).toBe(false);
    expect(run(nested("items", { bool: { must_not: { term: { "items.k": "a" } } } }), doc)).toBe(true);
  });

  it("hides nested sub-fields from flat queries and parent fields from nested ones", () => {
    expect(run({ term: { "items.k": "a" } }, doc)).toBe(false);
    expect(run({ exists: { field: "items.k" } }, doc)).toBe(false);
    expect(run(nested("items", { exists: { field: "name" } }), { ...doc, name: "x" })).toBe(false);
    expect(run(nested("items", { term: { "items.sub.z": "p" } }), doc)).toBe(false);
  });

  it("nests inside nested, with a single object counting as one element", () => {
    const inner = (z: string, k: string) =>
      nested("items", {
        bool: { filter: [{ term: { "items.k": k } }, nested("items.sub", { term: { "items.sub.z": z } })] },
      });
    expect(run(inner("q", "b"), doc)).toBe(true);
    expect(run(inner("q", "a"), doc)).toBe(false);
  });

  it("fails on a path not mapped nested unless ignore_unmapped", () => {
    expect(failure(nested("obj", { match_all: {} }), {}).code).toBe("search_failed");
    expect(run({ nested: { path: "obj", query: { match_all: {} }, ignore_unmapped: true } }, {})).toBe(false);
  });
});

describe("input checks", () => {
  it("refuses unknown query kinds and malformed clauses", () => {
    expect(failure({ fuzzy: { name: "x" } }, {}).code).toBe("unsupported");
    expect(failure({ term: { a: "x", b: "y" } }, {}).code).toBe("unsupported");
    expect(failure({ match_all: {}, match_none: {} }, {}).code).toBe("unsupported");
  });
});
