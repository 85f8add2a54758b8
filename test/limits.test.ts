/**
 * Every limit (docs/security.md): a frozen default, a coded error when exceeded, and input just inside
 * it that every stage handles. Results and error codes are asserted, never time.
 */
import { describe, expect, it } from "vitest";
import { toElasticsearchQuery } from "../src/dsl/index.js";
import { explain } from "../src/eval/explain/index.js";
import { compileQuery, DEFAULT_COMPILE_LIMITS, KqlCompileError } from "../src/eval/index.js";
import { compileWildcard } from "../src/eval/wildcard.js";
import { readJsonDocument, readNdjson } from "../src/events/ndjson.js";
import { DEFAULT_EVENT_LIMITS } from "../src/events/shape.js";
import { eventStream } from "../src/events/source.js";
import { lint } from "../src/lint/index.js";
import type { KqlNode } from "../src/parser/ast.js";
import { DEFAULT_PARSE_LIMITS, format, KqlSyntaxError, parse } from "../src/parser/index.js";
import { compileEsWildcard } from "../src/rules/filters/es-wildcard.js";
import { compileIndexPatterns } from "../src/rules/index-patterns.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

function limitError(run: () => unknown): void {
  const error = thrown(run) as { code?: unknown };
  expect(error instanceof KqlSyntaxError || error instanceof KqlCompileError).toBe(true);
  expect(error.code).toBe("KQL_LIMIT_EXCEEDED");
}

const R = { start: 0, end: 0 };
const leaf: KqlNode = {
  type: "match",
  field: { kind: "literal", value: "a", quoted: false, range: R },
  value: { kind: "literal", value: "x", quoted: false, range: R },
  range: R,
};
function notChain(depth: number): KqlNode {
  let node = leaf;
  for (let i = 1; i < depth; i++) node = { type: "not", arg: node, range: R };
  return node;
}

describe("defaults are frozen", () => {
  it.each([
    ["parse", DEFAULT_PARSE_LIMITS],
    ["compile", DEFAULT_COMPILE_LIMITS],
    ["events", DEFAULT_EVENT_LIMITS],
  ])("%s limits", (_name, limits) => {
    expect(Object.isFrozen(limits)).toBe(true);
    expect(() => {
      (limits as { maxDepth: number }).maxDepth = 1;
    }).toThrow(TypeError);
  });
});

describe("parse limits through every stage", () => {
  const nested = (levels: number) => `${"(".repeat(levels)}a:x${")".repeat(levels)}`;

  it("the deepest allowed query (100 levels) parses, formats, compiles, explains, lints and converts", () => {
    const query = nested(DEFAULT_PARSE_LIMITS.maxDepth);
    expect(format(query)).toBe("a:x");
    expect(compileQuery(query, { schema: { a: "keyword" } })({ a: "x" })).toBe(true);
    expect(explain(query, { a: "x" }, { schema: { a: "keyword" } }).result).toBe(true);
    expect(lint(query).filter((f) => f.severity === "error")).toEqual([]);
    expect(JSON.stringify(toElasticsearchQuery(query))).toContain('"a":"x"');
    const deepNot = `${"not (".repeat(100)}a:x${")".repeat(100)}`;
    expect(compileQuery(deepNot, { schema: { a: "keyword" } })({ a: "x" })).toBe(true);
    expect(format(format(deepNot))).toBe(format(deepNot));
    expect(compileQuery(format(deepNot), { schema: { a: "keyword" } })({ a: "y" })).toBe(false);
  });

  it("one level deeper, and 100 000 levels, is KQL_LIMIT_EXCEEDED in every stage", () => {
    for (const query of [nested(DEFAULT_PARSE_LIMITS.maxDepth + 1), nested(100_000), "(".repeat(100_000)]) {
      limitError(() => parse(query));
      limitError(() => format(query));
      limitError(() => compileQuery(query));
      limitError(() => toElasticsearchQuery(query));
      expect(explain(query, {}).error?.code).toBe("KQL_LIMIT_EXCEEDED");
      expect(lint(query).map((f) => f.code)).toEqual(["KQL_LINT_SYNTAX_ERROR"]);
    }
  });

  it("the longest allowed query is accepted; one more character is KQL_LIMIT_EXCEEDED", () => {
    const longest = "a".repeat(DEFAULT_PARSE_LIMITS.maxLength);
    expect(compileQuery(longest, { schema: { k: "keyword" } })({ k: longest })).toBe(true);
    limitError(() => parse(`${longest}b`));
    limitError(() => compileQuery(`${longest}b`));
    expect(parse("a:xy", { maxLength: 4 }).type).toBe("match");
    limitError(() => parse("a:xyz", { maxLength: 4 }));
  });

  it("a 1 MB query of many clauses runs in every stage", () => {
    const clauses = Array.from({ length: 60_000 }, (_, i) => `f${i % 7}:value-${i}`);
    const query = clauses.join(" or ");
    expect(query.length).toBeGreaterThan(1_000_000);
    const schema = {
      f0: "keyword",
      f1: "keyword",
      f2: "keyword",
      f3: "keyword",
      f4: "keyword",
      f5: "keyword",
      f6: "keyword",
    } as const;
    const predicate = compileQuery(query, { schema });
    expect(predicate({ f4: "value-59994" })).toBe(true);
    expect(predicate({ f4: "value-59995" })).toBe(false);
    expect(explain(query, { f0: "value-0" }, { schema }).result).toBe(true);
    expect(parse(format(query)).type).toBe("or");
    expect(lint(query).filter((f) => f.severity === "error")).toEqual([]);
    const dsl = toElasticsearchQuery(query, { fields: schema }) as { bool: { should: unknown[] } };
    expect(dsl.bool.should).toHaveLength(60_000);
  });
});

describe("compile limits", () => {
  it("a value list of 100 000 entries compiles to a lookup that answers every value", () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `proc-${i}.exe`);
    const query = `process.name:(${values.join(" or ")})`;
    const predicate = compileQuery(query);
    for (const i of [0, 1, 49_999, 99_999])
      expect(predicate({ process: { name: `proc-${i}.exe` } })).toBe(true);
    expect(predicate({ process: { name: "proc-100000.exe" } })).toBe(false);
    expect(predicate({ process: { name: "PROC-1.exe" } })).toBe(false);
    expect(predicate({ process: { name: ["x", "proc-77.exe"] } })).toBe(true);
    expect(predicate({})).toBe(false);
  });

  it("maxClauses: the default admits 250 000 comparisons; one more, or any option value, is enforced", () => {
    const list = (n: number) => `k:(${Array.from({ length: n }, (_, i) => i).join(" or ")})`;
    expect(compileQuery(list(3), { schema: { k: "keyword" }, maxClauses: 3 })({ k: "2" })).toBe(true);
    limitError(() => compileQuery(list(4), { schema: { k: "keyword" }, maxClauses: 3 }));
    const tree: KqlNode = {
      type: "or",
      args: Array.from({ length: DEFAULT_COMPILE_LIMITS.maxClauses + 1 }, () => leaf),
      range: R,
    };
    limitError(() => compileQuery(tree));
    const atLimit: KqlNode = { ...tree, args: tree.type === "or" ? tree.args.slice(1) : [] };
    expect(compileQuery(atLimit, { schema: { a: "keyword" } })({ a: "x" })).toBe(true);
  });

  it("maxTreeDepth: hand-built trees at the limit compile; deeper ones (100 000) are refused", () => {
    const atLimit = notChain(DEFAULT_COMPILE_LIMITS.maxTreeDepth);
    // An odd number of nots over a: x.
    expect(compileQuery(atLimit, { schema: { a: "keyword" } })({ a: "x" })).toBe(false);
    expect(explain(atLimit, { a: "x" }, { schema: { a: "keyword" } }).result).toBe(false);
    for (const depth of [DEFAULT_COMPILE_LIMITS.maxTreeDepth + 1, 100_000]) {
      limitError(() => compileQuery(notChain(depth)));
      const explanation = explain(notChain(depth), { a: "x" });
      expect(explanation.error?.code).toBe("KQL_LIMIT_EXCEEDED");
      expect(explanation.result).toBe(false);
    }
    limitError(() => compileQuery(notChain(11), { maxTreeDepth: 10 }));
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects the option value %s", (value) => {
    for (const key of ["maxClauses", "maxTreeDepth"]) {
      const error = thrown(() => compileQuery("a:1", { [key]: value })) as KqlCompileError;
      expect(error).toBeInstanceOf(KqlCompileError);
      expect(error.code).toBe("KQL_INVALID_OPTION");
    }
  });
});

describe("wildcard matching stays linear", () => {
  it("*a*a*…*b over a 100 KB value gives the right answer", () => {
    const parts = ["", ...Array.from({ length: 500 }, () => "a"), "b", ""];
    const matcher = compileWildcard(parts);
    const noB = "a".repeat(100_000);
    expect(matcher(noB)).toBe(false);
    expect(matcher(`${noB}b`)).toBe(true);
    expect(matcher(`b${noB}`)).toBe(false);
    expect(matcher(`${"a".repeat(499)}b${"a".repeat(100_000)}`)).toBe(false);
    expect(matcher(`${"a".repeat(500)}b${"a".repeat(100_000)}`)).toBe(true);
    const query = `k:${parts.join("*")}`;
    expect(compileQuery(query, { schema: { k: "wildcard" } })({ k: `${noB}b` })).toBe(true);
    expect(compileQuery(query, { schema: { k: "wildcard" } })({ k: noB })).toBe(false);
  });
});

describe("patterns from rules stay linear", () => {
  const pattern = `${"*a".repeat(40)}*b`;
  const value = "a".repeat(100_000);

  it("a filter's wildcard query *a*a*…*b over a 100 KB value gives the right answer", () => {
    expect(compileEsWildcard(pattern, false)(value)).toBe(false);
    expect(compileEsWildcard(pattern, true)(`${value}B`)).toBe(true);
    expect(compileEsWildcard(`${"?a".repeat(40)}*b`, false)(value)).toBe(false);
  });

  it("an index pattern *a*a*…*b against a 100 KB index name gives the right answer", () => {
    expect(compileIndexPatterns([pattern])(value)).toBe(false);
    expect(compileIndexPatterns([pattern])(`${value}b`)).toBe(true);
  });
});

describe("event limits", () => {
  const nestedJson = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"v":"deep"}${"}".repeat(depth - 1)}`;

  async function read(text: string, options = {}) {
    const events: object[] = [];
    const malformed: { line: number; code?: string; reason: string }[] = [];
    for await (const { event } of readNdjson([text], { ...options, onMalformed: (m) => malformed.push(m) }))
      events.push(event);
    return { events, malformed };
  }

  it("an event at the nesting limit (1000) is read and evaluated; deeper ones are malformed, with their line", async () => {
    const text = [nestedJson(1000), nestedJson(1001), nestedJson(100_000), '{"ok":1}'].join("\n");
    const { events, malformed } = await read(text);
    expect(events).toHaveLength(2);
    expect(compileQuery("deep")(events[0] as object)).toBe(true);
    expect(malformed.map((m) => [m.line, m.code])).toEqual([
      [2, "EVENT_TOO_DEEP"],
      [3, "EVENT_TOO_DEEP"],
    ]);
    expect(malformed[0]?.reason).toContain("1000");
  });

  it("maxDepth is an option of every reader", async () => {
    const { events, malformed } = await read([nestedJson(3), nestedJson(4)].join("\n"), { maxDepth: 3 });
    expect(events).toHaveLength(1);
    expect(malformed.map((m) => m.line)).toEqual([2]);
    const fromDocument = [
      ...readJsonDocument(`[${nestedJson(3)},${nestedJson(4)}]`, {
        maxDepth: 3,
        onMalformed: (m) => malformed.push(m),
      }),
    ];
    expect(fromDocument).toHaveLength(1);
    expect(malformed.at(-1)?.code).toBe("EVENT_TOO_DEEP");
    const seen: object[] = [];
    const reported: string[] = [];
    for await (const event of eventStream([JSON.parse(nestedJson(3)), JSON.parse(nestedJson(4))], {
      maxDepth: 3,
      onMalformed: (m) => reported.push(m.code ?? ""),
    }))
      seen.push(event);
    expect(seen).toHaveLength(1);
    expect(reported).toEqual(["EVENT_TOO_DEEP"]);
  });
});
