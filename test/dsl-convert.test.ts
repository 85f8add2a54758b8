import { describe, expect, it } from "vitest";
import { dataViewFieldsFromMap, KqlDslError, toElasticsearchQuery } from "../src/dsl/index.js";
import type { KqlNode } from "../src/parser/ast.js";

const R = { start: 0, end: 0 } as const;
const anyOf = (...should: unknown[]) => ({ bool: { should, minimum_should_match: 1 } });

describe("structure", () => {
  it("maps and/or/not to filter/should/must_not, with must_not as a single object", () => {
    expect(toElasticsearchQuery("a:1 and (b:2 or not c:3)")).toEqual({
      bool: {
        filter: [
          anyOf({ match: { a: "1" } }),
          {
            bool: {
              should: [anyOf({ match: { b: "2" } }), { bool: { must_not: anyOf({ match: { c: "3" } }) } }],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
  });

  it("puts and-clauses in must with filtersInMustClause", () => {
    expect(toElasticsearchQuery("a:1 and b:2", { filtersInMustClause: true })).toEqual({
      bool: { must: [anyOf({ match: { a: "1" } }), anyOf({ match: { b: "2" } })] },
    });
  });

  it("accepts a tree as well as text", () => {
    const tree: KqlNode = {
      type: "match",
      field: { kind: "literal", value: "f", quoted: false, range: R },
      value: { kind: "literal", value: "v", quoted: true, range: R },
      range: R,
    };
    expect(toElasticsearchQuery(tree)).toEqual(anyOf({ match_phrase: { f: "v" } }));
  });

  it("treats an unquoted null field name as free text, as Kibana's is() does", () => {
    const tree: KqlNode = {
      type: "match",
      field: { kind: "literal", value: null, quoted: false, range: R },
      value: { kind: "literal", value: "v", quoted: false, range: R },
      range: R,
    };
    expect(toElasticsearchQuery(tree)).toEqual({
      multi_match: { type: "best_fields", query: "v", lenient: true },
    });
  });
});

describe("nested prefixing", () => {
  it("prefixes every inner name, including ranges, exists and patterns", () => {
    expect(toElasticsearchQuery("p:{ a:1 and b > 2 and c:* and d*:x }")).toEqual({
      nested: {
        path: "p",
        query: {
          bool: {
            filter: [
              anyOf({ match: { "p.a": "1" } }),
              anyOf({ range: { "p.b": { gt: "2" } } }),
              anyOf({ exists: { field: "p.c" } }),
              anyOf({ match: { "p.d*": "x" } }),
            ],
          },
        },
        score_mode: "none",
      },
    });
  });

  it("nests groups by joining their paths", () => {
    const dsl = toElasticsearchQuery("a:{ b.c:{ d:{ e:1 } } }");
    const inner = (dsl.nested as { query: { nested: { path: string; query: { nested: { path: string } } } } })
      .query;
    expect(inner.nested.path).toBe("a.b.c");
    expect(inner.nested.query.nested.path).toBe("a.b.c.d");
  });

  it("sends free text inside a group against <path>.null, as Kibana does", () => {
    expect(toElasticsearchQuery("p:{ x* }")).toEqual({
      nested: {
        path: "p",
        query: anyOf({ query_string: { fields: ["p.null"], query: "x*" } }),
        score_mode: "none",
      },
    });
  });

  it("adds ignore_unmapped to written nested groups when configured, false included", () => {
    const dsl = toElasticsearchQuery("p:{ a:1 }", { nestedIgnoreUnmapped: false });
    expect((dsl.nested as Record<string, unknown>).ignore_unmapped).toBe(false);
    expect("ignore_unmapped" in (toElasticsearchQuery("p:{ a:1 }").nested as object)).toBe(false);
  });
});

const ecs = {
  "@timestamp": "date",
  "event.created": "date_nanos",
  "process.name": "keyword",
  "process.pid": "long",
  "process.command_line": "wildcard",
  "process.parent.pid": "long",
  "gcp.deltas": "nested",
  "gcp.deltas.action": "keyword",
  "gcp.deltas.member": "keyword",
  "gcp.deltas.inner": "nested",
  "gcp.deltas.inner.x": "keyword",
  "host.name": ["keyword", "text"],
} as const;

describe("field maps as data views", () => {
  it("turns nested/object entries into paths and finds the nearest nested ancestor", () => {
    const fields = dataViewFieldsFromMap({ ...ecs, user: "object", "user.name": "keyword" });
    const byName = new Map(fields.map((field) => [field.name, field]));
    expect(byName.has("gcp.deltas")).toBe(false);
    expect(byName.has("user")).toBe(false);
    expect(byName.get("gcp.deltas.action")?.nestedPath).toBe("gcp.deltas");
    expect(byName.get("gcp.deltas.inner.x")?.nestedPath).toBe("gcp.deltas.inner");
    expect(byName.get("user.name")?.nestedPath).toBeUndefined();
    expect(byName.get("host.name")?.esTypes).toEqual(["keyword", "text"]);
  });

  it("lets esTypes override a field's types (a field mapped differently across indices)", () => {
    const dsl = toElasticsearchQuery("process.name:a*", {
      fields: ecs,
      esTypes: { "process.name": ["keyword", "wildcard"] },
    });
    expect(dsl).toEqual(anyOf({ query_string: { fields: ["process.name"], query: "a*" } }));
  });

  it("treats date and date_nanos as dates, with time_zone only when configured and not for epochs", () => {
    expect(toElasticsearchQuery("event.created:2024-05-10", { fields: ecs, dateFormatTZ: "Zulu" })).toEqual(
      anyOf({ range: { "event.created": { gte: "2024-05-10", lte: "2024-05-10", time_zone: "Zulu" } } }),
    );
    expect(toElasticsearchQuery("@timestamp < 1715299200000", { fields: ecs, dateFormatTZ: "Zulu" })).toEqual(
      anyOf({ range: { "@timestamp": { lt: "1715299200000" } } }),
    );
    expect(toElasticsearchQuery("@timestamp < now", { fields: ecs })).toEqual(
      anyOf({ range: { "@timestamp": { lt: "now" } } }),
    );
  });

  it("resolves dateFormatTZ Browser to the local zone", () => {
    const dsl = toElasticsearchQuery("@timestamp > now-1d", { fields: ecs, dateFormatTZ: "Browser" });
    expect(dsl).toEqual(
      anyOf({
        range: {
          "@timestamp": { gt: "now-1d", time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone },
        },
      }),
    );
  });
});

describe("typed conversion options", () => {
  it("adds case_insensitive to term and wildcard on keyword-only fields only, false included", () => {
    expect(
      toElasticsearchQuery("process.name:CMD.EXE or process.pid:4", { fields: ecs, caseInsensitive: false }),
    ).toEqual({
      bool: {
        should: [
          anyOf({ term: { "process.name": { value: "CMD.EXE", case_insensitive: false } } }),
          anyOf({ match: { "process.pid": "4" } }),
        ],
        minimum_should_match: 1,
      },
    });
  });

  it("sends booleans and null as the parser produced them", () => {
    expect(toElasticsearchQuery("process.name:true", { fields: ecs })).toEqual(
      anyOf({ term: { "process.name": { value: true } } }),
    );
    expect(toElasticsearchQuery("x:null")).toEqual(anyOf({ match: { x: null } }));
  });
});

describe("field-name pattern expansion", () => {
  it("ORs one typed query per matching field in data-view order", () => {
    expect(toElasticsearchQuery("process.*pid > 10", { fields: ecs })).toEqual(
      anyOf({ range: { "process.pid": { gt: "10" } } }, { range: { "process.parent.pid": { gt: "10" } } }),
    );
  });

  it("sends a pattern that matches nothing as written", () => {
    expect(toElasticsearchQuery("nothing.*:x", { fields: ecs })).toEqual(
      anyOf({ match: { "nothing.*": "x" } }),
    );
  });

  it("wraps each nested field a pattern reaches in its own nested query, with ignore_unmapped when set", () => {
    expect(toElasticsearchQuery("gcp.deltas.*:ADD", { fields: ecs, nestedIgnoreUnmapped: true })).toEqual(
      anyOf(
        ...["action", "member"].map((name) => ({
          nested: {
            path: "gcp.deltas",
            query: { term: { [`gcp.deltas.${name}`]: { value: "ADD" } } },
            score_mode: "none",
            ignore_unmapped: true,
          },
        })),
        {
          nested: {
            path: "gcp.deltas.inner",
            query: { term: { "gcp.deltas.inner.x": { value: "ADD" } } },
            score_mode: "none",
            ignore_unmapped: true,
          },
        },
      ),
    );
  });

  it("does not wrap pattern matches inside a group, but checks their paths", () => {
    expect(toElasticsearchQuery("gcp.deltas:{ a*:x }", { fields: ecs })).toEqual({
      nested: {
        path: "gcp.deltas",
        query: anyOf({ term: { "gcp.deltas.action": { value: "x" } } }),
        score_mode: "none",
      },
    });
    expect(() => toElasticsearchQuery("gcp.deltas:{ *:x }", { fields: ecs })).toThrow(KqlDslError);
  });
});

describe("nested checks", () => {
  const failure = (query: string, options = {}) => {
    try {
      toElasticsearchQuery(query, { fields: ecs, ...options });
    } catch (error) {
      return error as KqlDslError;
    }
    throw new Error(`no error for ${query}`);
  };

  it("refuses a nested field outside its group, with code, field and the query range", () => {
    const error = failure("process.name:x and gcp.deltas.action:ADD");
    expect(error.name).toBe("KqlDslError");
    expect(error.code).toBe("nested_field_outside_group");
    expect(error.problems.map((p) => p.field)).toEqual(["gcp.deltas.action"]);
    expect(error.range).toEqual({ start: 19, end: 40 });
  });

  it("refuses a plain field inside a group", () => {
    const error = failure("process:{ pid:1 }");
    expect(error.code).toBe("field_not_nested");
    expect(error.message).toBe(
      'process.pid is not a nested field but is in nested group "process" in the KQL expression.',
    );
  });

  it("refuses the wrong group path and joins several problems with a line feed", () => {
    const error = failure("gcp.deltas:{ *:x }");
    expect(error.code).toBe("wrong_nested_path");
    expect(error.problems).toHaveLength(1);
    expect(error.message).toBe(
      "Nested field gcp.deltas.inner.x is being queried with the incorrect nested path. The correct path is gcp.deltas.inner.",
    );
    const both = failure("p:{ *:x }", {
      fields: [
        { name: "p.a", esTypes: ["keyword"] },
        { name: "p.b", esTypes: ["keyword"], nestedPath: "q" },
      ],
    });
    expect(both.message.split("\n")).toEqual([
      'p.a is not a nested field but is in nested group "p" in the KQL expression.',
      "Nested field p.b is being queried with the incorrect nested path. The correct path is q.",
    ]);
  });

  it("does not check names the data view lacks", () => {
    expect(() => toElasticsearchQuery("gcp.deltas.unknown:x", { fields: ecs })).not.toThrow();
  });
});

describe("restrictToQueryFields (the detection engine's data view)", () => {
  it("converts names used only inside a nested group untyped, skipping the checks", () => {
    const options = { fields: ecs, restrictToQueryFields: true };
    expect(toElasticsearchQuery("gcp.deltas:{ member:*admin svc* }", options)).toEqual({
      nested: {
        path: "gcp.deltas",
        query: anyOf({ query_string: { fields: ["gcp.deltas.member"], query: "*admin svc*" } }),
        score_mode: "none",
      },
    });
    // With the whole mapping loaded (Kibana 8.8–8.14) the same field is typed.
    expect(toElasticsearchQuery("gcp.deltas:{ member:*admin svc* }", { fields: ecs })).toEqual({
      nested: {
        path: "gcp.deltas",
        query: anyOf({ wildcard: { "gcp.deltas.member": { value: "*admin svc*" } } }),
        score_mode: "none",
      },
    });
  });

  it("keeps names used outside groups and pattern matches typed", () => {
    const options = { fields: ecs, restrictToQueryFields: true };
    expect(toElasticsearchQuery("process.name:a* and process.*pid > 1", options)).toEqual({
      bool: {
        filter: [
          anyOf({ wildcard: { "process.name": { value: "a*" } } }),
          anyOf({ range: { "process.pid": { gt: "1" } } }, { range: { "process.parent.pid": { gt: "1" } } }),
        ],
      },
    });
  });

  it("types a name inside a group when the same full name also appears outside", () => {
    const options = { fields: ecs, restrictToQueryFields: true };
    expect(() => toElasticsearchQuery("gcp.deltas:{ action:x } or gcp.deltas.action:y", options)).toThrow(
      "gcp.deltas.action is a nested field, but is not in a nested group in the KQL expression.",
    );
  });
});
