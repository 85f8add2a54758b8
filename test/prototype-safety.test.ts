/**
 * Names JavaScript gives meaning to (`__proto__`, `constructor`, `toString`, …) are ordinary data in
 * every stage: as field names in queries, keys in events, mapping entries, DSL query kinds, rule keys and
 * filter clauses. Nothing inherited is ever matched, and nothing is written to a prototype (checked after
 * every test of the suite by test/setup/prototypes.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type FieldTypeMap, toElasticsearchQuery } from "../src/dsl/index.js";
import { DslInterpretError, interpretDsl } from "../src/dsl/interpret/index.js";
import { explain } from "../src/eval/explain/index.js";
import { compileQuery } from "../src/eval/index.js";
import { lint } from "../src/lint/index.js";
import { format, parse } from "../src/parser/index.js";
import { compileRule, detect, RuleLoadError } from "../src/rules/index.js";
import { runKuery } from "./helpers/cli.js";
import { PROTOTYPE_NAMES } from "./helpers/hostile.js";

/** `{"<name>": value}` as JSON.parse builds it: an own key, even for `__proto__`. */
const own = (name: string, value: unknown): Record<string, unknown> =>
  JSON.parse(`{${JSON.stringify(name)}:${JSON.stringify(value)}}`) as Record<string, unknown>;

describe.each(PROTOTYPE_NAMES)("the name %s", (name) => {
  it("parses and formats as a field name", () => {
    const ast = parse(`${name}:x and ${name}.a:*`);
    expect(format(ast)).toBe(`${name}:x and ${name}.a:*`);
  });

  it("never matches an inherited property, and matches an own key as data", () => {
    for (const schema of [{ k: "keyword" } as const, own(name, "keyword") as Record<string, "keyword">]) {
      expect(compileQuery(`${name}:*`, { schema })({})).toBe(false);
      expect(compileQuery(`${name}.call:*`, { schema })({})).toBe(false);
      expect(compileQuery(`${name}:x`, { schema })(own(name, "x"))).toBe(true);
      expect(compileQuery(`${name}:y`, { schema })(own(name, "x"))).toBe(false);
      expect(compileQuery(`a.${name}:x`, { schema })({ a: own(name, "x") })).toBe(true);
      expect(compileQuery("x", { schema })(own(name, "x"))).toBe(true);
      expect(compileQuery("x", { schema })({})).toBe(false);
    }
  });

  it("below a mapped field with multi-fields (process.name.<name>), is no multi-field", () => {
    // process.name declares the multi-field `text`; an own-key lookup must not find `constructor` there.
    const event = { process: { name: own(name, "x") } };
    expect(compileQuery(`process.name.${name}:x`)(event)).toBe(true);
    expect(compileQuery(`process.name.${name}:*`)({})).toBe(false);
    expect(compileQuery("x")(event)).toBe(true);
    expect(compileQuery("x")(JSON.parse(`{"process":{"name.${name}":"x"}}`))).toBe(true);
    expect(explain(`process.name.${name}:x`, event).result).toBe(true);
  });

  it("explains as data", () => {
    const hit = explain(`${name}:x`, own(name, "x"), { schema: { k: "keyword" } });
    expect(hit.result).toBe(true);
    const miss = explain(`${name}:*`, {}, { schema: { k: "keyword" } });
    expect(miss.result).toBe(false);
    expect(JSON.stringify(miss)).not.toContain("function");
  });

  it("lints without failing", () => {
    const findings = lint(`${name}:x and event.${name}:y`);
    expect(Array.isArray(findings)).toBe(true);
    for (const finding of findings) expect(typeof finding.code).toBe("string");
  });

  it("converts to DSL, typed by an own mapping entry or untyped", () => {
    const fields = { ...own(name, "long"), k: "keyword" } as FieldTypeMap;
    expect(toElasticsearchQuery(`${name}:1`, { fields })).toEqual({
      bool: { should: [{ match: own(name, "1") }], minimum_should_match: 1 },
    });
    const untyped = toElasticsearchQuery(`${name}:1`);
    expect(JSON.stringify(untyped)).toBe(
      `{"bool":{"should":[{"match":{"${name}":"1"}}],"minimum_should_match":1}}`,
    );
    // A mapping without the name: it is simply not mapped (Kibana converts it untyped).
    expect(toElasticsearchQuery(`${name}:1`, { fields: { k: "keyword" } })).toEqual(untyped);
  });

  it("as a DSL query kind or mapping type, is refused by the interpreter as unsupported", () => {
    let thrown: unknown;
    try {
      interpretDsl(own(name, {}) as never, {}, { k: "keyword" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DslInterpretError);
    thrown = undefined;
    try {
      interpretDsl({ term: { k: "x" } }, { k: "x" }, { k: name });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DslInterpretError);
  });

  it("as a rule key, a TOML table or a language / type value, loads as data or fails with RuleLoadError", () => {
    const toml = (extra: string) =>
      `[metadata]\ncreation_date = "2024/01/01"\n[rule]\nrule_id = "r"\nname = "n"\ndescription = "d"\ntype = "query"\nlanguage = "kuery"\nrisk_score = 1\nseverity = "low"\nquery = "${name}:x"\n${extra}`;
    const rule = compileRule(toml(`"${name}" = "ignored"\n[rule.extra.${JSON.stringify(name)}]\na = 1\n`));
    expect(rule.matches(own(name, "x"))).toBe(true);
    expect(rule.matches({})).toBe(false);
    for (const bad of [`type = "${name}"`, `language = "${name}"`, `severity = "${name}"`]) {
      const text = toml("").replace(/^(type|language|severity) = .*$/m, (line) =>
        line.startsWith(bad.split(" ")[0] as string) ? bad : line,
      );
      let thrown: unknown;
      try {
        compileRule(text);
      } catch (error) {
        thrown = error;
      }
      if (thrown !== undefined) expect(thrown).toBeInstanceOf(RuleLoadError);
    }
  });

  it("as a filter query kind, field or value, is refused with RuleLoadError or evaluated as data", () => {
    const ruleWith = (filter: object) =>
      compileRule({
        rule_id: "f",
        name: "f",
        type: "query",
        query: "*",
        severity: "low",
        risk_score: 1,
        filters: [{ meta: {}, query: filter }],
      });
    // Not a query kind: refused when the rule loads, never looked up on a prototype.
    expect(() => ruleWith(own(name, { a: 1 }))).toThrow(RuleLoadError);
    const phrase = ruleWith({ match_phrase: own(name, "x") });
    expect(phrase.matches(own(name, "x"))).toBe(true);
    expect(phrase.matches({})).toBe(false);
    const range = ruleWith({ range: own(name, { gte: 1 }) });
    expect(range.matches(own(name, 5))).toBe(true);
    expect(range.matches(own(name, 0))).toBe(false);
    expect(range.matches({})).toBe(false);
    // A bound named like a prototype property is no bound at all.
    const oddBound = ruleWith({ range: { n: own(name, 1) } });
    expect(oddBound.matches({ n: -5 })).toBe(oddBound.matches({ n: 5 }));
  });

  it("as an event key, is copied into the alert's source as data", async () => {
    const rule = compileRule({
      rule_id: "p",
      name: "p",
      type: "query",
      query: `${name}:x`,
      severity: "low",
      risk_score: 1,
    });
    const event = own(name, "x");
    const alerts = [];
    for await (const alert of detect([rule], [event], { index: "logs-x-default" })) alerts.push(alert);
    expect(alerts).toHaveLength(1);
    const source = (alerts[0] as { source: Record<string, unknown> }).source;
    expect(Object.getPrototypeOf(source)).toBe(Object.prototype);
    expect(Object.hasOwn(source, name)).toBe(true);
    expect(source[name] === "x" || Object.getOwnPropertyDescriptor(source, name)?.value === "x").toBe(true);
    const written = JSON.parse(JSON.stringify(alerts[0])) as { source: object };
    expect(Object.getOwnPropertyDescriptor(written.source, name)?.value).toBe("x");
  });
});

describe("the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "kuery-proto-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints an event key __proto__ as data in the alert and counts every event", () => {
    const rule = join(dir, "proto.toml");
    writeFileSync(
      rule,
      `[metadata]\ncreation_date = "2024/01/01"\n[rule]\nrule_id = "p"\nname = "proto"\ndescription = "d"\ntype = "query"\nlanguage = "kuery"\nrisk_score = 1\nseverity = "low"\nquery = "__proto__.polluted:yes or constructor:yes"\n`,
    );
    const input = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":"yes"}',
      '{"toString":"no"}',
      "{}",
    ].join("\n");
    const result = runKuery(["match", "--rules", rule, "--json", "--stats", "-"], { input });
    expect(result.status).toBe(0);
    const alerts = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(alerts).toHaveLength(2);
    expect(JSON.stringify(alerts[0].source)).toBe('{"__proto__":{"polluted":"yes"}}');
    expect(result.stderr).toContain("events read 4 = matched 2 + unmatched 2 + malformed 0");
  });
});
