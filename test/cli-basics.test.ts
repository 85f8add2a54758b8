import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKuery } from "./helpers/cli.js";

describe("kuery (no command, help, version)", () => {
  it("prints usage and exits 2 without a command", () => {
    const result = runKuery([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Usage: kuery <command>");
  });

  it("prints the version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(runKuery(["--version"]).stdout.trim()).toBe(pkg.version);
  });

  it("rejects an unknown command with exit 2", () => {
    const result = runKuery(["frobnicate"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it("rejects an unknown option in one clear line, without a stack trace", () => {
    const result = runKuery(["parse", "--bogus", "a:1"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("--bogus");
    expect(result.stderr).not.toContain("    at ");
  });

  it.each(["parse", "fmt", "dsl"])("kuery %s --help exits 0 with usage", (command) => {
    const result = runKuery([command, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: kuery ${command}`);
  });
});

describe("kuery parse", () => {
  it("prints the AST as JSON", () => {
    const result = runKuery(["parse", "--no-ranges", "event.action:(a or b)"]);
    expect(result.status).toBe(0);
    const ast = JSON.parse(result.stdout);
    expect(ast.type).toBe("or");
    expect(ast.args).toHaveLength(2);
    expect(ast.args[0].field.value).toBe("event.action");
    expect(JSON.stringify(ast)).not.toContain("range");
  });

  it("reads the query from stdin with -", () => {
    const result = runKuery(["parse", "--compact", "-"], { input: "a:1\n" });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).type).toBe("match");
  });

  it("reports a syntax error with a caret and exits 2", () => {
    const result = runKuery(["parse", "a:(b or )"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("expected a value after 'or'");
    expect(result.stderr).toContain("a:(b or )\n        ^");
  });
});

describe("kuery fmt", () => {
  it("prints the canonical form of a query", () => {
    const result = runKuery(["fmt", "a:1 AND NOT b:(x OR y)"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("a:1 and not b:(x or y)\n");
  });

  const rule = `[metadata]
creation_date = "2026/01/01"

[rule]
author = ["kuery-engine"]
description = "A test rule. Its query is not in canonical form."
name = "Formatting test"
query = '''
event.dataset : aws.cloudtrail AND
    event.action : ( "A" OR "B" )
'''
risk_score = 21   # keep this comment
rule_id = "0c3c6a5e-0000-4000-8000-000000000001"
severity = "low"
type = "query"

[[rule.threat]]
framework = "MITRE ATT&CK"
`;

  it("--write rewrites only the query of a rule file", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-fmt-"));
    const file = join(dir, "rule.toml");
    writeFileSync(file, rule);
    const check = runKuery(["fmt", "--check", file]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("not in canonical form");
    const result = runKuery(["fmt", "--write", file]);
    expect(result.status).toBe(0);
    const after = readFileSync(file, "utf8");
    const expected = rule.replace(
      'event.dataset : aws.cloudtrail AND\n    event.action : ( "A" OR "B" )',
      'event.dataset:aws.cloudtrail and event.action:("A" or "B")',
    );
    expect(after).toBe(expected);
    expect(runKuery(["fmt", "--check", file]).status).toBe(0);
  });

  it("names the file and the key when the query does not parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-fmt-"));
    const file = join(dir, "broken.toml");
    writeFileSync(file, rule.replace('( "A" OR "B" )', '( "A" OR )'));
    const result = runKuery(["fmt", "--write", file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: rule.query:`);
    expect(readFileSync(file, "utf8")).toContain('( "A" OR )');
  });
});

describe("kuery dsl", () => {
  it("prints Kibana's untyped DSL without --fields", () => {
    const result = runKuery(["dsl", "--compact", "user.name:admin*"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      bool: {
        should: [{ query_string: { fields: ["user.name"], query: "admin*" } }],
        minimum_should_match: 1,
      },
    });
  });

  it("converts typed with a field map", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-dsl-"));
    const fields = join(dir, "fields.json");
    writeFileSync(fields, JSON.stringify({ "user.name": "keyword" }));
    const result = runKuery(["dsl", "--fields", fields, "user.name:admin*"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).bool.should[0]).toEqual({
      wildcard: { "user.name": { value: "admin*" } },
    });
  });

  it("reports an unreadable field file in one line", () => {
    const result = runKuery(["dsl", "--fields", "/nonexistent/fields.json", "a:1"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("cannot read /nonexistent/fields.json");
  });
});
