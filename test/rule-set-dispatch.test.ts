// The dispatch index of RuleSet, case by case: each answer is checked against the rules one by one.
import { describe, expect, it } from "vitest";
import { requiredTerms } from "../src/eval/required-terms.js";
import { parse } from "../src/parser/index.js";
import { type CompileRuleOptions, compileRule } from "../src/rules/compile-rule.js";
import type { CompiledRule, EventContext } from "../src/rules/compiled-rule.js";
import { compileRules } from "../src/rules/rule-set.js";

let counter = 0;
function rule(query: string, extra: Record<string, unknown> = {}, options: CompileRuleOptions = {}) {
  counter++;
  return compileRule(
    { rule_id: `r${counter}`, name: query, severity: "low", risk_score: 1, query, ...extra },
    options,
  );
}

const ids = (list: Iterable<CompiledRule>) => [...list].map((r) => r.id);

/** The set's answer, after checking it equals the one-by-one answer. */
function matchIds(rules: CompiledRule[], event: object, context?: EventContext): string[] {
  const expected = ids(rules.filter((r) => r.matches(event, context)));
  const actual = ids(compileRules(rules).match(event, context));
  expect(actual).toEqual(expected);
  expect(ids(compileRules(rules, { dispatch: false }).match(event, context))).toEqual(expected);
  return actual;
}

describe("requiredTerms: what a query cannot match without", () => {
  const terms = (query: string, options = {}) =>
    requiredTerms(parse(query), options).map((alternatives) =>
      alternatives.map((t) =>
        t.space.kind === "term" ? `${t.space.path}=${t.term}` : `${t.space.kind} ${t.space.path}`,
      ),
    );

  it("takes top-level AND conjuncts on keyword fields, OR-lists as alternatives", () => {
    expect(terms("event.action: a and event.category: (process or file) and not user.name: x")).toEqual([
      ["event.action=a"],
      ["event.category=process", "event.category=file"],
    ]);
  });

  it("turns an OR of ANDs into one alternative per branch", () => {
    expect(terms("(event.action: a and host.os.type: linux) or event.action: b")).toEqual([
      ["event.action=a", "event.action=b"],
    ]);
  });

  it("reads .caseless from the parent, lower-cased; caseInsensitive folds keyword-only fields", () => {
    expect(terms("process.name.caseless: CMD.EXE")).toEqual([["process.name=cmd.exe"]]);
    expect(terms("event.action: Foo", { caseInsensitive: true })).toEqual([["event.action=foo"]]);
    expect(terms("event.action: Foo")).toEqual([["event.action=Foo"]]);
  });

  it("gives text, numbers, ranges, wildcards and unmapped fields only a presence condition", () => {
    expect(terms("message: hello and destination.port > 80 and process.name: cmd*")).toEqual([
      ["exists message"],
      ["exists destination.port"],
      ["exists process.name"],
    ]);
    expect(terms("not_in_schema.x: 1")).toEqual([["exists not_in_schema.x"]]);
    expect(terms("not_in_schema.x: 1", { strict: true })).toEqual([[]]);
  });

  it("gives a field-name pattern with a whole-segment prefix a 'something below' condition", () => {
    expect(terms("file.hash.*: * or process.hash.*: x")).toEqual([["below file.hash", "below process.hash"]]);
    expect(terms("file*: x")).toEqual([]);
    expect(terms("*: x")).toEqual([]);
  });

  it("gives nothing for negations, free text, nested groups, exists on unmapped", () => {
    expect(terms("not event.action: a")).toEqual([]);
    expect(terms("hello")).toEqual([]);
    expect(terms("not_in_schema.x: *")).toEqual([]);
    expect(terms("event.action: a or hello")).toEqual([]);
  });

  it("knows a term longer than ignore_above can never match", () => {
    const fields = { "my.kw": { type: "keyword" as const, ignoreAbove: 3 } };
    expect(terms("my.kw: abcd", { fields })).toEqual([[]]);
    expect(terms("my.kw: abc", { fields })).toEqual([["my.kw=abc"]]);
  });
});

describe("RuleSet dispatch", () => {
  it("finds values below a field-name pattern's prefix however the keys are spelled", () => {
    const rules = [rule("file.hash.*: *"), rule("file.hash.*: abc")];
    for (const event of [
      { "file.hash.md5": "abc" },
      { file: { "hash.md5": "abc" } },
      { "file.hash": { md5: ["abc"] } },
      { file: { hash: [{ md5: null }, { sha1: "abc" }] } },
    ]) {
      expect(matchIds(rules, event)).toHaveLength(2);
    }
    for (const event of [
      { file: { hashx: { md5: "abc" } } },
      { "file.hashes": "abc" },
      { file: { hash: null } },
    ]) {
      expect(matchIds(rules, event)).toEqual([]);
    }
  });

  it("evaluates rules without keys on every event", () => {
    const rules = [rule("not event.action: a"), rule("file.*: *"), rule("event.action: a")];
    expect(matchIds(rules, { event: { action: "b" } })).toEqual([rules[0]?.id]);
    expect(matchIds(rules, { file: { hash: { sha256: "x" } }, event: { action: "a" } })).toEqual([
      rules[1]?.id,
      rules[2]?.id,
    ]);
  });

  it("keeps the set's order across keyed and unkeyed rules, and lists a rule given twice twice", () => {
    const a = rule("event.action: x");
    const b = rule("not event.action: y");
    const c = rule("event.category: process");
    const rules = [c, a, b, a];
    expect(matchIds(rules, { event: { action: "x", category: ["file", "process"] } })).toEqual([
      c.id,
      a.id,
      b.id,
      a.id,
    ]);
  });

  it("indexes OR-lists by each of their values", () => {
    const rules = [rule("event.action: (a or b or c) and process.name: x")];
    expect(matchIds(rules, { event: { action: "b" }, process: { name: "x" } })).toHaveLength(1);
    expect(matchIds(rules, { event: { action: "d" }, process: { name: "x" } })).toHaveLength(0);
  });

  it("sees index-derived constants, once per event, as matches() does", () => {
    const rules = [
      rule("event.dataset: aws.cloudtrail and event.action: Stop", { index: ["logs-aws.cloudtrail-*"] }),
      rule("data_stream.dataset: okta.system", { index: ["logs-*"] }),
      rule("event.module: aws"),
    ];
    const event = { event: { action: "Stop" } };
    expect(matchIds(rules, event)).toEqual([]);
    expect(matchIds(rules, event, { index: "logs-aws.cloudtrail-default" })).toEqual([
      rules[0]?.id,
      rules[2]?.id,
    ]);
    expect(matchIds(rules, event, { index: "logs-okta.system-default" })).toEqual([rules[1]?.id]);
    // The event's own value wins over the constant.
    expect(
      matchIds(rules, { event: { action: "Stop", dataset: "x" } }, { index: "logs-aws.cloudtrail-default" }),
    ).toEqual([rules[2]?.id]);
    // Backing indices count as their data stream.
    expect(matchIds(rules, event, { index: ".ds-logs-aws.cloudtrail-default-2024.05.01-000001" })).toEqual([
      rules[0]?.id,
      rules[2]?.id,
    ]);
  });

  it("leaves out rules whose index patterns do not cover the index", () => {
    const rules = [rule("event.action: a", { index: ["logs-okta*"] }), rule("event.action: a")];
    expect(matchIds(rules, { event: { action: "a" } }, { index: "logs-aws.cloudtrail-default" })).toEqual([
      rules[1]?.id,
    ]);
    expect(matchIds(rules, { event: { action: "a" } })).toHaveLength(2);
  });

  it("compares numbers and booleans on keyword fields as their JSON text", () => {
    const rules = [rule("event.code: 4624"), rule("event.code: 4624.0"), rule("labels.flag: true")];
    expect(matchIds(rules, { event: { code: 4624 } })).toEqual([rules[0]?.id]);
    expect(matchIds(rules, { event: { code: "4624" } })).toEqual([rules[0]?.id]);
    expect(matchIds(rules, { event: { code: "4624.0" } })).toEqual([rules[1]?.id]);
    expect(matchIds(rules, { labels: { flag: true } })).toEqual([rules[2]?.id]);
  });

  it("folds case for .caseless fields and for the caseInsensitive option", () => {
    const caseless = rule("process.name.caseless: cmd.exe");
    const folded = rule("event.action: DeleteTrail", {}, { caseInsensitive: true });
    const exact = rule("event.action: DeleteTrail");
    const rules = [caseless, folded, exact];
    expect(matchIds(rules, { process: { name: "CMD.exe" } })).toEqual([caseless.id]);
    expect(matchIds(rules, { event: { action: "deletetrail" } })).toEqual([folded.id]);
    expect(matchIds(rules, { event: { action: "DeleteTrail" } })).toEqual([folded.id, exact.id]);
  });

  it("applies the rule's filters", () => {
    const filtered = rule("event.action: a", {
      filters: [{ meta: { negate: true }, query: { match_phrase: { "user.name": "svc" } } }],
    });
    const rules = [filtered];
    expect(matchIds(rules, { event: { action: "a" }, user: { name: "alice" } })).toEqual([filtered.id]);
    expect(matchIds(rules, { event: { action: "a" }, user: { name: "svc" } })).toEqual([]);
  });

  it("skips a rule whose key field is missing, and reads dotted keys, nested objects and arrays alike", () => {
    const rules = [rule("event.action: a and process.name: x"), rule("process.name: x")];
    expect(matchIds(rules, { process: { name: "x" } })).toEqual([rules[1]?.id]);
    expect(matchIds(rules, { "event.action": "a", "process.name": "x" })).toHaveLength(2);
    expect(
      matchIds(rules, { event: { action: ["z", ["a"]] }, process: [{ name: null }, { name: "x" }] }),
    ).toHaveLength(2);
    expect(matchIds(rules, { event: { "action.sub": "a" }, process: { name: { deeper: "x" } } })).toEqual([]);
  });

  it("honours ignore_above on both sides", () => {
    const options = { fields: { "my.kw": { type: "keyword" as const, ignoreAbove: 3 } } };
    const rules = [rule("my.kw: abc", {}, options), rule("my.kw: abcd", {}, options)];
    expect(matchIds(rules, { my: { kw: "abc" } })).toEqual([rules[0]?.id]);
    expect(matchIds(rules, { my: { kw: "abcd" } })).toEqual([]);
  });

  it("evaluates rules it did not compile (copies, other data-stream tables) through matches()", () => {
    const original = rule("event.dataset: custom.ds and event.action: a");
    const copy: CompiledRule = { ...original, id: "copy" };
    const otherTable = rule(
      "event.dataset: custom.ds",
      {},
      { dataStreams: { x: { "event.dataset": "custom.ds" } } },
    );
    const rules = [original, copy, otherTable];
    const event = { event: { action: "a" } };
    expect(matchIds(rules, event, { index: "logs-x-default" })).toEqual([otherTable.id]);
    expect(matchIds(rules, { event: { action: "a", dataset: "custom.ds" } })).toEqual([
      original.id,
      "copy",
      otherTable.id,
    ]);
  });

  it("never serves a value memoised for an earlier call, even when the caller mutates the event", () => {
    const rules = [rule("event.action: a"), rule("event.action: b")];
    const set = compileRules(rules);
    const event: { event: { action: string } } = { event: { action: "a" } };
    expect(ids(set.match(event))).toEqual([rules[0]?.id]);
    event.event.action = "b";
    expect(ids(set.match(event))).toEqual([rules[1]?.id]);
    expect(rules[0]?.matches(event)).toBe(false);
  });

  it("answers for values that are not events as each rule would", () => {
    const rules = [rule("not event.action: a")];
    expect(ids(compileRules(rules).match(null as unknown as object))).toEqual(
      ids(rules.filter((r) => r.matches(null as unknown as object))),
    );
  });
});
