import { describe, expect, it } from "vitest";
import {
  type BooleanExplanation,
  createExplainer,
  type ExplainNode,
  type Explanation,
  explain,
  type LeafExplanation,
  type NestedExplanation,
} from "../src/eval/explain/index.js";
import { type CompileOptions, compileQuery } from "../src/eval/index.js";
import { parse } from "../src/parser/index.js";
import type { FieldMap } from "../src/schema/index.js";

const NOW = "2024-05-10T12:00:00Z";

function run(query: string, event: object, options: CompileOptions = {}): Explanation {
  const explanation = explain(query, event, { now: NOW, ...options });
  // Every explanation here is also checked against the compiled predicate it explains.
  if (!explanation.error)
    expect(explanation.result).toBe(compileQuery(query, { now: NOW, ...options })(event));
  return explanation;
}

function leaf(node: ExplainNode | undefined): LeafExplanation {
  if (!node || !("checks" in node)) throw new Error(`not a comparison: ${node?.type}`);
  return node;
}

function bool(node: ExplainNode | undefined): BooleanExplanation {
  if (!node || !("children" in node)) throw new Error(`not a boolean node: ${node?.type}`);
  return node;
}

/** Explains a one-comparison query and returns that comparison. */
function explainLeaf(query: string, event: object, options: CompileOptions = {}): LeafExplanation {
  return leaf(run(query, event, options).root);
}

describe("reasons a comparison is false", () => {
  it("case differs on a case-sensitive keyword field", () => {
    const node = explainLeaf("user.name:admin", { user: { name: "Admin" } });
    expect(node.result).toBe(false);
    expect(node.reason).toBe("case differs: 'Admin' (event) vs 'admin' (query) on keyword field user.name");
  });

  it("no case hint when the field folds case: caseInsensitive matches, .caseless matches", () => {
    const folded = explainLeaf("user.name:admin", { user: { name: "Admin" } }, { caseInsensitive: true });
    expect(folded.result).toBe(true);
    expect(folded.checks[0]).toMatchObject({ caseInsensitive: true, query: "term" });
    expect(folded.checks[0]?.values[0]).toEqual({
      path: "user.name",
      value: "Admin",
      indexed: "admin",
      result: true,
    });
    const caseless = explainLeaf("user.name.caseless:ADMIN", { user: { name: "Admin" } });
    expect(caseless.result).toBe(true);
    expect(caseless.matched).toEqual({ field: "user.name.caseless", path: "user.name", value: "Admin" });
  });

  it("a plain keyword mismatch lists the event's values", () => {
    const node = explainLeaf("user.name:admin", { user: { name: ["root", "guest"] } });
    expect(node.reason).toBe("no value equals 'admin'; user.name is 'root', 'guest'");
    expect(node.checks[0]?.values.map((v) => v.result)).toEqual([false, false]);
  });

  it("ip: no value in a CIDR block", () => {
    const node = explainLeaf("source.ip:10.0.0.0/8", { source: { ip: "192.168.1.1" } });
    expect(node.reason).toBe("no value in 10.0.0.0/8; source.ip is '192.168.1.1'");
    expect(node.checks[0]).toMatchObject({ type: "ip", query: "match" });
  });

  it("ip: the address that matched a CIDR block", () => {
    const node = explainLeaf("source.ip:10.0.0.0/8", { source: { ip: ["192.168.1.1", "10.2.3.4"] } });
    expect(node.result).toBe(true);
    expect(node.matched).toEqual({ field: "source.ip", path: "source.ip", value: "10.2.3.4" });
  });

  it("keyword wildcard does not match", () => {
    const node = explainLeaf("aws.cloudtrail.user_identity.access_key_id:ASIA*", {
      aws: { cloudtrail: { user_identity: { access_key_id: "AKIAEXAMPLE" } } },
    });
    expect(node.reason).toBe("wildcard ASIA* does not match 'AKIAEXAMPLE'");
    expect(node.checks[0]?.query).toBe("wildcard");
  });

  it("keyword wildcard that would match ignoring case", () => {
    const node = explainLeaf("user.name:Adm*", { user: { name: "admin1" } });
    expect(node.reason).toBe("case differs: wildcard Adm* vs 'admin1' (event) on keyword field user.name");
  });

  it("field is missing", () => {
    const node = explainLeaf("user.name:admin", { user: { id: "1" } });
    expect(node.reason).toBe("field user.name is missing");
    expect(node.checks[0]).toMatchObject({ missing: true, values: [] });
  });

  it("text: quoted phrase not found in order, with the tokens present", () => {
    const node = explainLeaf('message:"hello world"', { message: "World, hello!" });
    expect(node.reason).toBe(
      'quoted phrase "hello world" not found in order; tokens present: [world, hello]',
    );
    expect(node.checks[0]).toMatchObject({ query: "match_phrase", type: "match_only_text" });
    expect(node.checks[0]?.values[0]?.indexed).toEqual(["world", "hello"]);
  });

  it("text: none of the query tokens occur", () => {
    const node = explainLeaf("message:hello world", { message: "good bye" });
    expect(node.reason).toBe("none of the tokens [hello, world] occur; tokens present: [good, bye]");
    expect(node.checks[0]?.query).toBe("match");
  });

  it("query_string splits a wildcard at whitespace: note and reason", () => {
    const node = explainLeaf("process.command_line:*foo bar*", { process: { command_line: "x" } });
    expect(node.checks[0]?.query).toBe("query_string");
    expect(node.notes).toEqual([
      "query_string split '*foo bar*' into '*foo' OR 'bar*' on process.command_line",
    ]);
    expect(node.reason).toBe("no clause of '*foo' OR 'bar*' matches 'x'");
  });

  it("query_string: a lone * chunk turns the clause into an exists test", () => {
    const node = explainLeaf("process.command_line:* curl*", { process: { command_line: "ls -la" } });
    expect(node.result).toBe(true);
    expect(node.notes).toEqual([
      "query_string split '* curl*' into '*' OR 'curl*' on process.command_line; the lone * is an exists test, so any value matches",
    ]);
  });

  it("no split note on a keyword-only field (one wildcard query, spaces kept)", () => {
    const node = explainLeaf("process.name:*foo bar*", { process: { name: "x foo bar y" } });
    expect(node.result).toBe(true);
    expect(node.notes).toBeUndefined();
    expect(node.checks[0]?.query).toBe("wildcard");
  });

  it("a document value that is not indexed (not a number)", () => {
    const node = explainLeaf("n:5", { n: "abc" }, { schema: { n: "long" } });
    expect(node.reason).toBe("'abc' is not a number: the long field n does not index it");
    expect(node.checks[0]?.values[0]?.indexed).toBeNull();
  });

  it("a value no document can hold", () => {
    const node = explainLeaf("n:200.5", { n: 200 }, { schema: { n: "long" } });
    expect(node.reason).toBe("200.5 can never equal a value of the long field n");
  });

  it("numbers are compared after index-time conversion", () => {
    const node = explainLeaf("n:200", { n: ["404", "200.9"] }, { schema: { n: "long" } });
    expect(node.result).toBe(true);
    expect(node.checks[0]?.values.map((v) => [v.value, v.indexed, v.result])).toEqual([
      ["404", 404, false],
      ["200.9", 200, true],
    ]);
  });

  it("range: the bound and the values", () => {
    const node = explainLeaf("n > 5", { n: [3, 1] }, { schema: { n: "long" } });
    expect(node.op).toBe("gt");
    expect(node.reason).toBe("no value > 5; n is 3, 1");
  });

  it("date: the span a date equality denotes, and a resolved date-math bound", () => {
    const day = explainLeaf("@timestamp:2024-05-10", { "@timestamp": "2024-05-11T00:00:00Z" });
    expect(day.checks[0]?.query).toBe("range");
    expect(day.reason).toBe(
      "no value within 2024-05-10 [2024-05-10T00:00:00.000Z … 2024-05-10T23:59:59.999Z]; @timestamp is '2024-05-11T00:00:00Z'",
    );
    const math = explainLeaf("@timestamp > now-1d", { "@timestamp": "2024-05-01T00:00:00Z" });
    expect(math.reason).toBe(
      "no value > now-1d (2024-05-09T12:00:00.000Z); @timestamp is '2024-05-01T00:00:00Z'",
    );
    expect(math.checks[0]?.values[0]?.indexed).toBe("2024-05-01T00:00:00.000Z");
  });

  it("an object path only answers exists", () => {
    expect(explainLeaf("process:x", { process: { name: "a" } }).reason).toBe(
      "process is an object path: it holds fields, not values (only process:* can match)",
    );
    const exists = explainLeaf("process:*", { process: { name: "a" } });
    expect(exists.result).toBe(true);
    expect(exists.checks[0]).toMatchObject({ type: "object", query: "exists" });
  });

  it("strict mapping: an unmapped field matches nothing", () => {
    expect(explainLeaf("x:1", { x: 1 }, { strict: true }).reason).toBe(
      "x is not in the schema, and a strict mapping matches nothing there",
    );
  });

  it("dynamic mapping is noted, with the type the event gave the field", () => {
    const node = explainLeaf("u.n:1", { u: { n: 2 } });
    expect(node.notes).toEqual([
      "u.n is not in the schema: mapped long by the event's first value (dynamic mapping)",
    ]);
    expect(node.checks[0]).toMatchObject({ type: "long", origin: "dynamic", query: "match" });
    expect(node.reason).toBe("no value equals 1; u.n is 2");
  });
});

describe("refused queries are explained, never thrown", () => {
  it("a value the field type cannot take: compile-time refusal", () => {
    const explanation = run("process.name:a and http.response.status_code:abc", {});
    expect(explanation.result).toBe(false);
    expect(explanation.error).toEqual({
      code: "KQL_ES_REJECTS_QUERY",
      origin: "elasticsearch",
      message:
        'Elasticsearch rejects this query: "abc" is not a number, as the long field "http.response.status_code" requires',
      eventDependent: false,
      range: { start: 19, end: 48 },
      field: "http.response.status_code",
    });
    const root = bool(explanation.root);
    expect(root.evaluated).toBe(false);
    expect(root.children[0]?.error).toBeUndefined();
    expect(root.children[1]?.error).toBe(explanation.error?.message);
  });

  it("a refusal that depends on the event (a dynamically typed field)", () => {
    const explanation = run("u.n:abc", { u: { n: 5 } });
    expect(explanation.result).toBe(false);
    expect(explanation.error).toMatchObject({ code: "KQL_ES_REJECTS_QUERY", eventDependent: true });
    expect(explanation.error?.message).toContain('"abc" is not a number');
    expect(explanation.root?.error).toBe(explanation.error?.message);
    // With a string value the same query runs normally.
    expect(run("u.n:abc", { u: { n: "abc" } })).toMatchObject({ result: true });
  });

  it("a nested field outside its group (Kibana refuses)", () => {
    const fields: FieldMap = { deltas: "nested", "deltas.action": "keyword" };
    const explanation = run("deltas.action:ADD", {}, { schema: fields });
    expect(explanation.error).toMatchObject({ code: "KQL_NESTED_FIELD_OUTSIDE_GROUP", origin: "kibana" });
    expect(explanation.root?.error).toBeDefined();
  });

  it("a syntax error: no tree, the error with its range", () => {
    const explanation = explain("foo and (bar", {});
    expect(explanation).toEqual({
      version: 1,
      query: "foo and (bar",
      result: false,
      error: expect.objectContaining({ code: "KQL_UNCLOSED_GROUP", origin: "syntax" }),
    });
    expect(explanation.root).toBeUndefined();
  });
});

describe("structure and evaluation order", () => {
  it("or stops at the first true argument; later ones are not evaluated", () => {
    const root = bool(run("a:1 or b:2 or c:3", { a: 1, b: 2 }).root);
    expect(root.children.map((c) => [c.evaluated, c.result])).toEqual([
      [true, true],
      [false, null],
      [false, null],
    ]);
    expect(leaf(root.children[1]).checks).toEqual([]);
  });

  it("and stops at the first false argument", () => {
    const root = bool(run("a:1 and b:2 and c:3", { a: 1, b: 3, c: 3 }).root);
    expect(root.children.map((c) => c.result)).toEqual([true, false, null]);
  });

  it("a value list is one lookup: every value is evaluated, each with its own result", () => {
    const root = bool(run("event.code:(4624 or 4625 or 4634)", { event: { code: 4625 } }).root);
    expect(root.children.map((c) => [c.text, c.evaluated, c.result])).toEqual([
      ["event.code:4624", true, false],
      ["event.code:4625", true, true],
      ["event.code:4634", true, false],
    ]);
    expect(leaf(root.children[1]).checks[0]?.values[0]).toEqual({
      path: "event.code",
      value: 4625,
      indexed: "4625",
      result: true,
    });
  });

  it("not inverts its argument", () => {
    const root = bool(run("not user.name:admin", { user: { name: "admin" } }).root);
    expect(root.result).toBe(false);
    expect(root.children[0]?.result).toBe(true);
  });

  it("nested: each element visited, in order, until one matches", () => {
    const fields: FieldMap = { nest: "nested", "nest.k": "keyword", "nest.n": "long" };
    const event = {
      nest: [
        { k: "a", n: 2 },
        { k: "b", n: 1 },
        { k: "a", n: 1 },
        { k: "a", n: 1 },
      ],
    };
    const root = run("nest:{ k:a and n:1 }", event, { schema: fields }).root as NestedExplanation;
    expect(root.type).toBe("nested");
    expect(root.result).toBe(true);
    expect(root.elements.map((e) => [e.index, e.result])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    const second = bool(root.elements[1]?.query);
    expect(second.children.map((c) => c.result)).toEqual([false, null]);
    expect(leaf(second.children[0]).reason).toBe("no value equals 'a'; nest.k is 'b'");
    expect(leaf(bool(root.elements[2]?.query).children[1]).matched).toEqual({
      field: "nest.n",
      path: "nest.n",
      value: 1,
    });
  });

  it("nested without elements: the inner query is shown, not evaluated", () => {
    const fields: FieldMap = { nest: "nested", "nest.k": "keyword" };
    const root = run("nest:{ k:a }", { other: 1 }, { schema: fields }).root as NestedExplanation;
    expect(root).toMatchObject({ result: false, reason: "nest has no element", elements: [] });
    expect(root.query).toMatchObject({ type: "match", evaluated: false, field: "nest.k" });
  });

  it("a field-name pattern: one check per field reached, each with its own result", () => {
    const node = explainLeaf("file.hash.*:abc", { file: { hash: { md5: "x", sha1: "abc" } } });
    expect(node.result).toBe(true);
    const withValues = node.checks.filter((c) => !c.missing).map((c) => [c.field, c.result]);
    expect(withValues).toEqual([
      ["file.hash.md5", false],
      ["file.hash.sha1", true],
    ]);
    expect(node.checks.length).toBeGreaterThan(2);
    expect(node.matched).toEqual({ field: "file.hash.sha1", path: "file.hash.sha1", value: "abc" });
  });

  it("free text searches every field by its type and multi-fields", () => {
    const node = explainLeaf("cmd.exe", { process: { name: "CMD.EXE", pid: 4 }, user: { name: "x" } });
    expect(node.result).toBe(true);
    expect(node.checks.map((c) => [c.field, c.query, c.result])).toEqual([
      ["process.name", "multi_match", false],
      ["process.name.text", "multi_match", true],
      ["user.name", "multi_match", false],
      ["user.name.text", "multi_match", false],
    ]);
    expect(node.matched).toEqual({ field: "process.name.text", path: "process.name", value: "CMD.EXE" });
  });

  it("free text that only differs in case on a keyword field says so", () => {
    const node = explainLeaf("cmd.exe", { user: { id: "CMD.EXE" } });
    expect(node.reason).toBe(
      "no field matches 'cmd.exe'; user.id: case differs: 'CMD.EXE' (event) vs 'cmd.exe' (query) on keyword field user.id",
    );
  });

  it("texts and ranges point into the query", () => {
    const query = "process.name:cmd.exe and user.name:(a or b)";
    const root = bool(run(query, {}).root);
    expect(root.children.map((c) => [c.text, c.range])).toEqual([
      ["process.name:cmd.exe", { start: 0, end: 20 }],
      ["user.name:(a or b)", { start: 25, end: 43 }],
    ]);
    const list = bool(root.children[1]);
    expect(list.children.map((c) => [c.text, c.range])).toEqual([
      ["user.name:a", { start: 36, end: 37 }],
      ["user.name:b", { start: 41, end: 42 }],
    ]);
  });

  it("a parsed tree with its source explains like the text", () => {
    const query = "process.name:cmd.exe or not user.name:root";
    const event = { process: { name: "x" }, user: { name: "root" } };
    expect(explain(parse(query), event, { source: query })).toEqual(explain(query, event));
    // Without the source, texts are the formatted nodes.
    const bare = explain(parse(query), event);
    expect(bare.query).toBe("process.name:cmd.exe or not user.name:root");
  });

  it("an explainer compiles once and forgets the previous event", () => {
    const explainer = createExplainer("a:1 or b:2");
    const first = explainer.explain({ a: 1 });
    const second = explainer.explain({ b: 2 });
    expect(bool(first.root).children.map((c) => c.result)).toEqual([true, null]);
    expect(bool(second.root).children.map((c) => c.result)).toEqual([false, true]);
  });

  it("delegates to anything with an explain method (a compiled rule)", () => {
    const explainer = createExplainer("a:1");
    expect(explain(explainer, { a: 1 })).toEqual(explainer.explain({ a: 1 }));
  });

  it("round-trips through JSON", () => {
    const explanation = run('source.ip:10.0.0.0/8 and not message:"a b" or cmd.exe', {
      source: { ip: "10.1.1.1" },
      message: ["a b c"],
    });
    expect(JSON.parse(JSON.stringify(explanation))).toStrictEqual(explanation);
  });
});
