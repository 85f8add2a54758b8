import { describe, expect, it } from "vitest";
import { compileRule, compileRuleText } from "../src/rules/compile-rule.js";
import { RuleLoadError } from "../src/rules/errors.js";

const TOML_RULE = `[metadata]
creation_date = "2025/01/01"

[rule]
author = ["kuery-engine tests"]
description = "Test rule."
index = ["logs-aws.cloudtrail-*"]
language = "kuery"
name = "Test rule"
risk_score = 21
rule_id = "00000000-0000-4000-8000-000000000001"
severity = "low"
tags = ["Domain: Cloud"]
type = "query"

query = '''
event.action: "DeleteTrail" and event.outcome: success
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[rule.threat.tactic]
id = "TA0005"
name = "Defense Evasion"
reference = "https://attack.mitre.org/tactics/TA0005/"
`;

function loadError(fn: () => unknown): RuleLoadError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleLoadError);
    return error as RuleLoadError;
  }
  throw new Error("expected a RuleLoadError");
}

describe("compileRule: TOML", () => {
  const rule = compileRule(TOML_RULE, { fileName: "t.toml" });

  it("reads identity, scheduling defaults and threat mappings", () => {
    expect(rule.id).toBe("00000000-0000-4000-8000-000000000001");
    expect(rule.name).toBe("Test rule");
    expect(rule.type).toBe("query");
    expect(rule.severity).toBe("low");
    expect(rule.riskScore).toBe(21);
    expect(rule.index).toEqual(["logs-aws.cloudtrail-*"]);
    expect(rule.from).toBe("now-6m");
    expect(rule.interval).toBe("5m");
    expect(rule.maxSignals).toBe(100);
    expect(rule.threat[0]?.tactic.id).toBe("TA0005");
    expect(rule.file).toBe("t.toml");
    expect(rule.ast.type).toBe("and");
    expect((rule.raw as { metadata?: unknown }).metadata).toEqual({ creation_date: "2025/01/01" });
  });

  it("matches query AND filters", () => {
    expect(rule.matches({ event: { action: "DeleteTrail", outcome: "success" } })).toBe(true);
    expect(rule.matches({ event: { action: "DeleteTrail", outcome: "failure" } })).toBe(false);
  });

  it("checks index patterns and fills index constants only when an index is given", () => {
    const event = { event: { action: "DeleteTrail", outcome: "success" } };
    expect(rule.matches(event, { index: "logs-aws.cloudtrail-default" })).toBe(true);
    expect(rule.matches(event, { index: "logs-okta.system-default" })).toBe(false);
    expect(rule.appliesToIndex(".ds-logs-aws.cloudtrail-prod-2025.01.01-000001")).toBe(true);
  });

  it("explains per clause, JSON-serialisable", () => {
    const explanation = rule.explain({ event: { action: "DeleteTrail", outcome: "failure" } });
    expect(explanation.matched).toBe(false);
    expect(explanation.query.matched).toBe(false);
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });
});

describe("compileRule: Kibana JSON and NDJSON", () => {
  const kibanaRule = {
    rule_id: "00000000-0000-4000-8000-000000000002",
    name: "JSON rule",
    type: "threshold",
    language: "kuery",
    query: "event.category: authentication",
    severity: "medium",
    risk_score: 47,
    index: ["logs-*"],
    from: "now-10m",
    interval: "5m",
    max_signals: 10,
    threshold: { field: "user.name", value: 5, cardinality: [{ field: "source.ip", value: 2 }] },
  };

  it("reads an exported rule object and its threshold settings", () => {
    const rule = compileRule(JSON.stringify(kibanaRule), {});
    expect(rule.type).toBe("threshold");
    expect(rule.maxSignals).toBe(10);
    expect(rule.spec.type === "threshold" && rule.spec.threshold).toEqual({
      field: ["user.name"],
      value: 5,
      cardinality: [{ field: "source.ip", value: 2 }],
    });
  });

  it("reads new_terms in Kibana's flat layout", () => {
    const rule = compileRule(
      {
        ...kibanaRule,
        type: "new_terms",
        threshold: undefined,
        new_terms_fields: ["user.name"],
        history_window_start: "now-7d",
      },
      {},
    );
    expect(rule.spec.type === "new_terms" && rule.spec.newTerms).toEqual({
      fields: ["user.name"],
      historyWindowStart: "now-7d",
    });
  });

  it("reads NDJSON exports, skipping the export summary line", () => {
    const second = { ...kibanaRule, rule_id: "r-2", type: "query", threshold: undefined };
    const text = `${JSON.stringify(kibanaRule)}\n${JSON.stringify(second)}\n{"exported_count":2,"missing_rules":[]}\n`;
    const rules = compileRuleText(text, { fileName: "export.ndjson" });
    expect(rules.map((r) => r.id)).toEqual(["00000000-0000-4000-8000-000000000002", "r-2"]);
    const error = loadError(() => compileRule(text, { fileName: "export.ndjson" }));
    expect(error.code).toBe("RULE_MULTIPLE_RULES");
  });

  it("reports the NDJSON line of a bad rule", () => {
    const text = `${JSON.stringify(kibanaRule)}\n${JSON.stringify({ ...kibanaRule, risk_score: "high" })}\n`;
    const error = loadError(() => compileRuleText(text, { fileName: "export.ndjson" }));
    expect(error.code).toBe("RULE_WRONG_TYPE");
    expect(error.line).toBe(2);
    expect(error.key).toBe("risk_score");
  });
});

describe("rule load errors", () => {
  it("bad TOML: file and line", () => {
    const text = TOML_RULE.replace('severity = "low"', "severity = low");
    const error = loadError(() => compileRule(text, { fileName: "bad.toml" }));
    expect(error.code).toBe("RULE_TOML_SYNTAX");
    expect(error.file).toBe("bad.toml");
    expect(error.line).toBe(text.split("\n").findIndex((l) => l.startsWith("severity")) + 1);
    expect(error.message).toContain("bad.toml:");
  });

  it("missing key: names the key and points at its table", () => {
    const text = TOML_RULE.replace('name = "Test rule"\n', "");
    const error = loadError(() => compileRule(text, { fileName: "m.toml" }));
    expect(error.code).toBe("RULE_MISSING_KEY");
    expect(error.key).toBe("rule.name");
    expect(error.line).toBe(text.split("\n").indexOf("[rule]") + 1);
  });

  it("wrong type: names the key and its line", () => {
    const text = TOML_RULE.replace("risk_score = 21", 'risk_score = "21"');
    const error = loadError(() => compileRule(text, { fileName: "w.toml" }));
    expect(error.code).toBe("RULE_WRONG_TYPE");
    expect(error.key).toBe("rule.risk_score");
    expect(error.line).toBe(text.split("\n").indexOf('risk_score = "21"') + 1);
  });

  it("invalid nested value: rule.threshold.value", () => {
    const text = TOML_RULE.replace('type = "query"', 'type = "threshold"').concat(
      '\n[rule.threshold]\nfield = ["user.name"]\nvalue = 0\n',
    );
    const error = loadError(() => compileRule(text, { fileName: "th.toml" }));
    expect(error.code).toBe("RULE_INVALID_VALUE");
    expect(error.key).toBe("rule.threshold.value");
    expect(error.line).toBe(text.split("\n").indexOf("value = 0") + 1);
  });

  it("syntax error in the query: line:column inside the query and in the file", () => {
    const text = TOML_RULE.replace(
      'event.action: "DeleteTrail" and event.outcome: success',
      'event.action: "DeleteTrail" and\n  event.outcome: (success or )',
    );
    const error = loadError(() => compileRule(text, { fileName: "q.toml" }));
    expect(error.code).toBe("RULE_QUERY_SYNTAX");
    expect(error.key).toBe("rule.query");
    expect(error.queryLine).toBe(2);
    expect(error.queryColumn).toBeGreaterThan(1);
    const queryFirstLine = text.split("\n").indexOf("query = '''") + 2;
    expect(error.line).toBe(queryFirstLine + 1);
    expect(error.column).toBe(error.queryColumn);
    expect(error.message).toMatch(/q\.toml:\d+:\d+ rule\.query \(query 2:\d+\)/);
  });

  it("syntax error on a single-line query keeps the column offset of the value", () => {
    const text = TOML_RULE.replace(/query = '''\n.*\n'''/, 'query = "a: (x or )"');
    const error = loadError(() => compileRule(text, { fileName: "s.toml" }));
    expect(error.code).toBe("RULE_QUERY_SYNTAX");
    expect(error.queryLine).toBe(1);
    expect(error.column).toBe('query = "'.length + (error.queryColumn ?? 0));
  });

  it.each([
    ["eql", 'language = "eql"', "unsupported: eql"],
    ["esql", 'language = "esql"', "unsupported: esql"],
    ["lucene", 'language = "lucene"', "unsupported: lucene"],
  ])("unsupported language %s", (_name, replacement, summary) => {
    const text = TOML_RULE.replace('language = "kuery"', replacement);
    const error = loadError(() => compileRule(text, { fileName: "l.toml" }));
    expect(error.code).toBe("RULE_UNSUPPORTED_LANGUAGE");
    expect(error.summary).toContain(summary);
    expect(error.key).toBe("rule.language");
  });

  it("machine_learning rules are unsupported, not evaluated", () => {
    const error = loadError(() =>
      compileRule(
        {
          rule_id: "ml",
          name: "ML",
          type: "machine_learning",
          severity: "low",
          risk_score: 21,
          anomaly_threshold: 75,
        },
        {},
      ),
    );
    expect(error.code).toBe("RULE_UNSUPPORTED_LANGUAGE");
    expect(error.summary).toContain("unsupported: machine_learning");
  });

  it("an unsupported filter kind is refused with its position", () => {
    const error = loadError(() =>
      compileRule(
        {
          rule_id: "f",
          name: "F",
          type: "query",
          query: "a:b",
          severity: "low",
          risk_score: 1,
          filters: [{ meta: {}, query: { script: { script: "doc['a'] > 1" } } }],
        },
        {},
      ),
    );
    expect(error.code).toBe("RULE_UNSUPPORTED_FILTER");
    expect(error.summary).toContain('filter 1: unsupported query kind "script"');
  });

  it("a query Elasticsearch refuses for the schema: loads, matches nothing, says why (or throws on request)", () => {
    const source = {
      rule_id: "n",
      name: "N",
      type: "query",
      severity: "low",
      risk_score: 1,
      query: "event.action: x and\n  user: { name: root }",
    };
    const rule = compileRule(source, {});
    expect(rule.warnings).toHaveLength(1);
    expect(rule.warnings[0]?.queryLine).toBe(2);
    expect(rule.matches({ event: { action: "x" }, user: { name: "root" } })).toBe(false);
    expect(rule.explain({}).warnings?.[0]?.code).toBe("RULE_QUERY_REFUSED");
    const error = loadError(() => compileRule(source, { onQueryRefused: "throw" }));
    expect(error.code).toBe("RULE_QUERY_INVALID");
    expect(error.key).toBe("query");
  });

  it("not a rule", () => {
    expect(loadError(() => compileRule("[metadata]\nx = 1\n", {})).code).toBe("RULE_NOT_A_RULE");
    expect(loadError(() => compileRule("{ nope", { fileName: "x.json" })).code).toBe("RULE_JSON_SYNTAX");
  });
});
