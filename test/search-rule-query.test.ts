import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { KqlDslError, toElasticsearchQuery } from "../src/dsl/index.js";
import { compileRule } from "../src/rules/compile-rule.js";
import { KibanaFilterError } from "../src/search/kibana-filters.js";
import { KIBANA_DEFAULT_INDEX, ruleQueryFilter, ruleToElasticsearchQuery } from "../src/search/rule-query.js";
import { dataViewFromSchema } from "../src/search/schema-data-view.js";
import { hasShared, sharedPath } from "./helpers/shared.js";

function rule(fields: Record<string, unknown>) {
  return compileRule({
    rule_id: "r-1",
    name: "test rule",
    type: "query",
    severity: "low",
    risk_score: 21,
    index: ["logs-endpoint.events.process-*"],
    query: "process.name:cmd.exe and event.category:process",
    ...fields,
  });
}

const keywordFields = { "process.name": "keyword", "event.category": "keyword" } as const;

/** Kibana's typed DSL for `process.name:cmd.exe and event.category:process` on keyword fields. */
const typedQuery = {
  bool: {
    filter: [
      { bool: { should: [{ term: { "process.name": { value: "cmd.exe" } } }], minimum_should_match: 1 } },
      { bool: { should: [{ term: { "event.category": { value: "process" } } }], minimum_should_match: 1 } },
    ],
  },
};

describe("ruleToElasticsearchQuery: shape", () => {
  it("query and filters in buildEsQuery's bool, the window beside it, sorted by time", () => {
    const request = ruleToElasticsearchQuery(
      rule({
        filters: [
          { meta: { negate: false }, query: { match_phrase: { "host.os.type": "windows" } } },
          {
            meta: { negate: true },
            query: { wildcard: { "file.path": { value: "C:\\\\x*", case_insensitive: true } } },
          },
          { meta: { disabled: true, negate: true }, query: { term: { "user.name": "root" } } },
        ],
      }),
      { fields: keywordFields },
    );
    expect(request.index).toEqual(["logs-endpoint.events.process-*"]);
    expect(request.sort).toEqual([{ "@timestamp": { order: "asc", unmapped_type: "date" } }]);
    expect(request.allow_no_indices).toBe(true);
    expect(request.ignore_unavailable).toBe(true);
    expect(request.size).toBe(100);
    expect(request.query).toEqual({
      bool: {
        filter: [
          {
            bool: {
              must: [],
              filter: [typedQuery, { match_phrase: { "host.os.type": "windows" } }],
              should: [],
              must_not: [{ wildcard: { "file.path": { value: "C:\\\\x*", case_insensitive: true } } }],
            },
          },
          {
            range: {
              "@timestamp": { lte: "now", gte: "now-6m", format: "strict_date_optional_time" },
            },
          },
        ],
      },
    });
  });

  it("timestamp_override: the override first, @timestamp for events without it", () => {
    const request = ruleToElasticsearchQuery(rule({ timestamp_override: "event.ingested", from: "now-9m" }), {
      fields: keywordFields,
    });
    expect(request.sort).toEqual([
      { "event.ingested": { order: "asc", unmapped_type: "date" } },
      { "@timestamp": { order: "asc", unmapped_type: "date" } },
    ]);
    const bounds = { lte: "now", gte: "now-9m", format: "strict_date_optional_time" };
    expect(request.query.bool).toMatchObject({
      filter: [
        expect.anything(),
        {
          bool: {
            minimum_should_match: 1,
            should: [
              { range: { "event.ingested": bounds } },
              {
                bool: {
                  filter: [
                    { range: { "@timestamp": bounds } },
                    { bool: { must_not: { exists: { field: "event.ingested" } } } },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
  });

  it("fallback disabled: the override alone", () => {
    const request = ruleToElasticsearchQuery(
      rule({ timestamp_override: "event.ingested", timestamp_override_fallback_disabled: true }),
      { fields: keywordFields, from: "2024-05-01T00:00:00Z", to: "2024-05-02T00:00:00Z" },
    );
    expect(request.sort).toEqual([{ "event.ingested": { order: "asc", unmapped_type: "date" } }]);
    const filters = (request.query.bool as { filter: unknown[] }).filter;
    expect(filters[1]).toEqual({
      range: {
        "event.ingested": {
          lte: "2024-05-02T00:00:00Z",
          gte: "2024-05-01T00:00:00Z",
          format: "strict_date_optional_time",
        },
      },
    });
  });

  it("index: the option replaces the rule's patterns; no patterns → Kibana's default indices", () => {
    expect(ruleToElasticsearchQuery(rule({}), { index: ["my-index"], fields: {} }).index).toEqual([
      "my-index",
    ]);
    expect(ruleToElasticsearchQuery(rule({ index: undefined }), { fields: {} }).index).toEqual([
      ...KIBANA_DEFAULT_INDEX,
    ]);
    expect(ruleToElasticsearchQuery(rule({}), { fields: {}, size: 7 }).size).toBe(7);
  });

  it("the data view is limited to the query's names", () => {
    // `host.name` is not in the query: a map that types it differently changes nothing.
    const narrow = ruleQueryFilter(rule({}), { fields: keywordFields });
    const wide = ruleQueryFilter(rule({}), { fields: { ...keywordFields, "host.name": "text" } });
    expect(wide).toEqual(narrow);
    // A name the data view lacks is converted untyped (match), exactly as Kibana does.
    const untyped = ruleQueryFilter(rule({}), { fields: { "process.name": "keyword" } });
    expect(JSON.stringify(untyped)).toContain('"match":{"event.category":"process"}');
  });

  it("date values get Kibana's Zulu time zone", () => {
    const filter = ruleQueryFilter(rule({ query: "event.created < 2024-01-01" }), {
      fields: { "event.created": "date" },
    });
    expect(filter).toEqual({
      bool: {
        must: [],
        filter: [
          {
            bool: {
              should: [{ range: { "event.created": { lt: "2024-01-01", time_zone: "Zulu" } } }],
              minimum_should_match: 1,
            },
          },
        ],
        should: [],
        must_not: [],
      },
    });
  });

  it("a nested field outside its group is refused before anything is sent", () => {
    expect(() =>
      ruleQueryFilter(rule({ query: "gcp.deltas.action:ADD" }), {
        fields: { "gcp.deltas": "nested", "gcp.deltas.action": "keyword" },
      }),
    ).toThrow(KqlDslError);
  });
});

describe("Kibana filters", () => {
  it("old top-level DSL keys, $state and meta are dropped; match type phrase → match_phrase", () => {
    const filter = ruleQueryFilter(
      rule({
        filters: [
          { $state: { store: "appState" }, meta: { negate: true, key: "a" }, exists: { field: "a" } },
          { meta: {}, query: { match: { "user.name": { query: "root", type: "phrase" } } } },
          { query: { match: { message: { query: "a b" } } } },
        ],
      }),
      { fields: keywordFields },
    );
    expect(filter.bool).toEqual({
      must: [],
      filter: [
        typedQuery,
        { match_phrase: { "user.name": { query: "root" } } },
        { match: { message: { query: "a b" } } },
      ],
      should: [],
      must_not: [{ exists: { field: "a" } }],
    });
  });

  it("a filter without any query is an error naming the filter", () => {
    const bad = { ...rule({}), spec: { ...rule({}).spec, filters: [{ meta: { negate: false } }] } };
    expect(() => ruleQueryFilter(bad, { fields: {} })).toThrow(KibanaFilterError);
    expect(() => ruleQueryFilter(bad, { fields: {} })).toThrow(/filter 1/);
  });
});

describe("default data view: the built-in ECS schema", () => {
  it("keyword fields are typed: a wildcard with a space stays one pattern", () => {
    const filter = ruleQueryFilter(rule({ query: "process.name:*foo bar*" }));
    expect(JSON.stringify(filter)).toContain('"wildcard":{"process.name":{"value":"*foo bar*"}}');
    // Untyped, Kibana would have sent query_string (split at the space).
    expect(JSON.stringify(toElasticsearchQuery("process.name:*foo bar*"))).toContain("query_string");
  });

  it("field-name patterns expand over the schema, in name order", () => {
    const names = dataViewFromSchema(compileRule({ ...base(), query: "process.pe.*:x" }).ast).map(
      (field) => field.name,
    );
    expect(names.length).toBeGreaterThan(3);
    expect(names.every((name) => name.startsWith("process.pe."))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });

  it("unmapped names are left out (converted untyped)", () => {
    const fields = dataViewFromSchema(
      compileRule({ ...base(), query: "no.such.field:x and host.name:y" }).ast,
    );
    expect(fields).toEqual([{ name: "host.name", esTypes: ["keyword"] }]);
  });
});

function base() {
  return { rule_id: "b", name: "b", type: "query", severity: "low", risk_score: 1 };
}

interface CorpusToml {
  rule: {
    query: string;
    timestamp_override?: string;
    from?: string;
    filters?: { meta?: { negate?: boolean; disabled?: boolean }; query?: object }[];
  };
}

describe.skipIf(!hasShared)("corpus rules with filters", () => {
  const root = sharedPath("corpus", "detection-rules");
  const files = hasShared
    ? fg
        .sync("**/*.toml", { cwd: root })
        .sort()
        .filter((file) => readFileSync(`${root}/${file}`, "utf8").includes("[[rule.filters]]"))
    : [];

  it("finds the corpus rules with filters", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)("%s", (file) => {
    const text = readFileSync(`${root}/${file}`, "utf8");
    const toml = parseToml(text) as unknown as CorpusToml;
    const compiled = compileRule(text, { fileName: file });
    const request = ruleToElasticsearchQuery(compiled);
    const [ruleBool, range] = (
      request.query.bool as { filter: [{ bool: Record<string, unknown[]> }, unknown] }
    ).filter;
    const written = (toml.rule.filters ?? []).filter((f) => f.meta?.disabled !== true);
    // Each filter's query goes out exactly as written, negated ones in must_not.
    expect(ruleBool.bool.must_not).toEqual(
      written.filter((f) => f.meta?.negate === true).map((f) => f.query),
    );
    expect(ruleBool.bool.filter?.slice(1)).toEqual(
      written.filter((f) => f.meta?.negate !== true).map((f) => f.query),
    );
    expect(JSON.stringify(ruleBool)).not.toContain('"meta"');
    expect(ruleBool.bool.filter?.[0]).toEqual(
      toElasticsearchQuery(toml.rule.query, {
        fields: dataViewFromSchema(compiled.ast),
        dateFormatTZ: "Zulu",
      }),
    );
    const primary = toml.rule.timestamp_override ?? "@timestamp";
    expect(request.sort[0]).toEqual({ [primary]: { order: "asc", unmapped_type: "date" } });
    expect(JSON.stringify(range)).toContain(`"gte":"${toml.rule.from ?? "now-6m"}"`);
  });
});
