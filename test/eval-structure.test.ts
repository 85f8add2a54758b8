import { describe, expect, it } from "vitest";
import { compileQuery, type KqlCompileError } from "../src/eval/index.js";
import { matches, thrown } from "./helpers/eval.js";

const NESTED = {
  deltas: "nested",
  "deltas.action": "keyword",
  "deltas.role": "keyword",
  "deltas.members": "nested",
  "deltas.members.name": "keyword",
  host: "keyword",
} as const;

const doc = {
  host: "h1",
  deltas: [
    { action: "ADD", role: "owner", members: [{ name: "alice" }, { name: "bob" }] },
    { action: "REMOVE", role: "viewer", members: { name: "carol" } },
  ],
};

describe("nested queries", () => {
  it("need one element to satisfy the whole inner query", () => {
    expect(matches("deltas:{ action:ADD and role:owner }", doc, NESTED)).toBe(true);
    expect(matches("deltas:{ action:ADD and role:viewer }", doc, NESTED)).toBe(false);
    expect(matches("deltas:{ action:ADD } and deltas:{ role:viewer }", doc, NESTED)).toBe(true);
  });

  it("apply not per element inside and to the whole outside", () => {
    expect(matches("deltas:{ not action:ADD }", doc, NESTED)).toBe(true);
    expect(matches("not deltas:{ action:ADD }", doc, NESTED)).toBe(false);
  });

  it("nest, with the inner query evaluated on the outer element", () => {
    expect(matches("deltas:{ action:REMOVE and members:{ name:carol } }", doc, NESTED)).toBe(true);
    expect(matches("deltas:{ action:ADD and members:{ name:carol } }", doc, NESTED)).toBe(false);
    expect(matches("deltas.members:{ name:bob }", doc, NESTED)).toBe(true);
  });

  it("refuse nested fields outside their group, in the wrong group and non-nested paths", () => {
    const code = (query: string) =>
      (thrown(() => compileQuery(query, { schema: NESTED })) as KqlCompileError).code;
    expect(code("deltas.action:ADD")).toBe("KQL_NESTED_FIELD_OUTSIDE_GROUP");
    // Typed (in the data view because a pattern outside names it) and in the wrong group: refused.
    expect(code("deltas.members.*:* and deltas:{ members.name:bob }")).toBe("KQL_NESTED_FIELD_WRONG_GROUP");
    // Untyped (only named inside the group): sent as is, and the deeper nested field is invisible there.
    expect(matches("deltas:{ members.name:bob }", doc, NESTED)).toBe(false);
    expect(code("host:{ x:1 }")).toBe("KQL_NOT_A_NESTED_PATH");
  });

  it("reach nested fields through a field-name pattern, each field on its own", () => {
    expect(matches("deltas.*:viewer", doc, NESTED)).toBe(true);
    expect(matches("deltas.*:nobody", doc, NESTED)).toBe(false);
  });

  it("send free text inside a group against <path>.null, which nothing has", () => {
    expect(matches("deltas:{ ADD }", doc, NESTED)).toBe(false);
  });

  it("do not let free text see nested sub-fields", () => {
    expect(matches("alice", doc, NESTED)).toBe(false);
    expect(matches("h1", doc, NESTED)).toBe(true);
  });
});

describe("field-name patterns", () => {
  const F = { "file.hash.md5": "keyword", "file.hash.sha1": "keyword", "file.size": "long" } as const;
  it("expand over the mapping and OR one query per field", () => {
    expect(matches("file.hash.*:abc", { file: { hash: { sha1: "abc" } } }, F)).toBe(true);
    expect(matches("file.hash.*:ab*", { file: { hash: { md5: "abx" } } }, F)).toBe(true);
    expect(matches("file.hash.*:ab*", { file: { hash: { md5: "xab" } } }, F)).toBe(false);
  });

  it("fail when the expansion reaches a field that cannot take the value", () => {
    const error = thrown(() => compileQuery("file.*:abc", { schema: F })) as KqlCompileError;
    expect(error.code).toBe("KQL_ES_REJECTS_QUERY");
    expect(error.field).toBe("file.size");
  });

  it("fail against the built-in ECS mapping as Kibana does (process.pid is a long)", () => {
    expect((thrown(() => compileQuery("process.*:cmd*")) as KqlCompileError).code).toBe(
      "KQL_ES_REJECTS_QUERY",
    );
    expect(compileQuery("process.*:*")({ process: { pid: 4 } })).toBe(true);
  });

  it("reach the multi-fields of the built-in mapping", () => {
    expect(compileQuery("process.name.t*:powershell")({ process: { name: "PowerShell ISE" } })).toBe(true);
  });

  it("also expand over the event's own unmapped keys, typed dynamically", () => {
    expect(matches("custom.*:foo", { custom: { a: "x", b: "foo" } })).toBe(true);
    expect(matches("custom.*:foo", { custom: { "deep.er": "foo" } })).toBe(true);
    // A dynamic long reached by a word makes the search fail for this event, whatever else matches.
    expect(matches("custom.*:foo", { custom: { a: "foo", n: 3 } })).toBe(false);
    expect(matches("custom.*:foo", { custom: { a: "foo", n: 3 } }, {}, { strict: true })).toBe(false);
  });

  it("type sub-keys of object_type objects and schema patterns from the built-in tables", () => {
    const predicate = compileQuery("winlog.event_data.*:4624");
    expect(predicate({ winlog: { event_data: { EventId: "4624" } } })).toBe(true);
    expect(compileQuery("labels.env:prod")({ labels: { env: "prod" } })).toBe(true);
  });
});

describe("unmapped fields", () => {
  it("follow the dynamic-mapping default, per event value", () => {
    expect(matches("custom.n > 5", { custom: { n: 7 } })).toBe(true);
    expect(matches("custom.n:7", { custom: { n: "7" } })).toBe(true);
    expect(matches("custom.flag:true", { custom: { flag: true } })).toBe(true);
  });

  it("make a value the dynamic type cannot take fail the search for that event only", () => {
    const predicate = compileQuery("custom.n:abc or other:x", { schema: {} });
    expect(predicate({ custom: { n: 7 }, other: "x" })).toBe(false);
    expect(predicate({ custom: { n: "abc" }, other: "y" })).toBe(true);
  });

  it("match nothing under strict mapping", () => {
    expect(matches("custom.tag:foo", { custom: { tag: "foo" } }, {}, { unmappedFields: "nomatch" })).toBe(
      false,
    );
    expect(matches("not custom.tag:foo", { custom: { tag: "foo" } }, {}, { strict: true })).toBe(true);
  });
});

describe("flattened fields", () => {
  it("compare keys as untyped keywords", () => {
    const predicate = compileQuery('gcp.audit.request.policy.name:"p1"');
    expect(predicate({ gcp: { audit: { request: { policy: { name: "p1" } } } } })).toBe(true);
    expect(compileQuery("gcp.audit.request.count:2")({ gcp: { audit: { request: { count: 2 } } } })).toBe(
      true,
    );
  });

  it("refuse ranges on keys (Elasticsearch needs both bounds)", () => {
    expect((thrown(() => compileQuery("gcp.audit.request.count > 2")) as KqlCompileError).code).toBe(
      "KQL_ES_REJECTS_QUERY",
    );
  });

  it("let the root match any leaf value", () => {
    expect(compileQuery("gcp.audit.request:p1")({ gcp: { audit: { request: { a: { b: "p1" } } } } })).toBe(
      true,
    );
  });
});

describe("documents: dotted keys, arrays and hostile keys", () => {
  const F = { "a.b.c": "keyword" } as const;
  it("address the same path through any mix of objects and dotted keys", () => {
    for (const d of [
      { "a.b.c": "x" },
      { a: { "b.c": "x" } },
      { "a.b": { c: "x" } },
      { a: [{ b: [{ c: ["x"] }] }] },
    ]) {
      expect(matches("a.b.c:x", d, F)).toBe(true);
    }
    expect(matches("a.b.c:(x and y)", { "a.b.c": "x", a: { b: { c: "y" } } }, F)).toBe(true);
  });

  it("treat __proto__, constructor and toString keys as plain data", () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": "c", "toString": "t"}',
    ) as object;
    const fields = { "__proto__.polluted": "keyword", constructor: "keyword", toString: "keyword" } as const;
    expect(matches("__proto__.polluted:yes", hostile, fields)).toBe(true);
    expect(matches("constructor:c and toString:t", hostile, fields)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Inherited members are never read as values.
    expect(matches("constructor:* or toString:* or hasOwnProperty:*", {}, fields)).toBe(false);
    expect(matches("constructor.name:Object", {}, {})).toBe(false);
    expect(matches("__proto__:*", {}, {})).toBe(false);
  });
});

describe("errors", () => {
  it("carry a stable code, the node range and a caret rendering", () => {
    const query = "host:x and n:abc";
    const error = thrown(() =>
      compileQuery(query, { schema: { host: "keyword", n: "long" } }),
    ) as KqlCompileError;
    expect(error.name).toBe("KqlCompileError");
    expect(error.origin).toBe("elasticsearch");
    expect(error.range).toEqual({ start: 11, end: 16 });
    expect(error.message.split("\n").slice(1)).toEqual([query, `${" ".repeat(11)}^~~~~`]);
  });

  it('become a never-matching predicate with onEsError: "nomatch"', () => {
    const predicate = compileQuery("n:abc", { schema: { n: "long" }, onEsError: "nomatch" });
    expect(predicate({ n: "abc" })).toBe(false);
  });

  it("reject an unusable clock", () => {
    expect((thrown(() => compileQuery("a:1", { now: "soon" })) as KqlCompileError).code).toBe(
      "KQL_INVALID_OPTION",
    );
  });
});
