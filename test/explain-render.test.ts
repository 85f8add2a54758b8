import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createCoverage,
  type ExplainOptions,
  explain,
  renderCoverage,
  renderExplanation,
} from "../src/eval/explain/index.js";
import { repoRoot } from "./helpers/shared.js";

const NOW = "2024-05-10T12:00:00Z";

function render(query: string, event: object, options: ExplainOptions = {}, color = false): string {
  return renderExplanation(explain(query, event, { now: NOW, ...options }), { color });
}

/** The rendered text is an interface (CLI, test failures): these pins are the contract. */
describe("renderExplanation", () => {
  it("marks each clause, indents by structure, gives reasons and skips", () => {
    const query =
      "process.name:cmd.exe and (user.name:admin or source.ip:10.0.0.0/8) and not event.outcome:failure";
    const event = { process: { name: "cmd.exe" }, user: { name: "Admin" }, source: { ip: "192.168.0.9" } };
    expect(render(query, event)).toBe(
      [
        query,
        "✗ and",
        "  ✓ process.name:cmd.exe — process.name = 'cmd.exe'",
        "  ✗ or",
        "    ✗ user.name:admin",
        "        case differs: 'Admin' (event) vs 'admin' (query) on keyword field user.name",
        "    ✗ source.ip:10.0.0.0/8",
        "        no value in 10.0.0.0/8; source.ip is '192.168.0.9'",
        "  · not",
        "    · event.outcome:failure",
      ].join("\n"),
    );
  });

  it("prints a value list as written, each value on its own line", () => {
    const query = "event.action:(login or logout) or process.command_line:*curl http*";
    expect(render(query, { event: { action: "logout" } })).toBe(
      [
        query,
        "✓ or",
        "  ✓ event.action:(login or logout)",
        "    ✗ event.action:login",
        "        no value equals 'login'; event.action is 'logout'",
        "    ✓ event.action:logout — event.action = 'logout'",
        "  · process.command_line:*curl http*",
      ].join("\n"),
    );
  });

  it("colours only when asked: green ✓, red ✗, dim notes and skips", () => {
    const query = "process.command_line:*curl http* or a:1";
    const event = { process: { command_line: "wget x" }, a: 1 };
    expect(render(query, event, {}, true)).toBe(
      [
        query,
        "\x1b[32m✓ or\x1b[0m",
        "  \x1b[31m✗ process.command_line:*curl http*\x1b[0m",
        "      no clause of '*curl' OR 'http*' matches 'wget x'",
        "\x1b[2m      note: query_string split '*curl http*' into '*curl' OR 'http*' on process.command_line\x1b[0m",
        "  \x1b[32m✓ a:1\x1b[0m — a = 1",
        "\x1b[2m      note: a is not in the schema: mapped long by the event's first value (dynamic mapping)\x1b[0m",
      ].join("\n"),
    );
    expect(render(query, event)).not.toContain("\x1b[");
  });

  it("nested elements, each with its own tree", () => {
    const schema = { nest: "nested", "nest.k": "keyword", "nest.n": "long" } as const;
    const query = "nest:{ k:a and n:1 }";
    expect(render(query, { nest: [{ k: "b" }, { k: "a", n: 1 }] }, { schema })).toBe(
      [
        query,
        "✓ nest:{ k:a and n:1 }",
        "  ✗ nest[0]",
        "    ✗ and",
        "      ✗ k:a",
        "          no value equals 'a'; nest.k is 'b'",
        "      · n:1",
        "  ✓ nest[1]",
        "    ✓ and",
        "      ✓ k:a — nest.k = 'a'",
        "      ✓ n:1 — nest.n = 1",
      ].join("\n"),
    );
  });

  it("a refused query: the error first, the clause at fault marked", () => {
    const query = "http.response.status_code:abc or user.name:x";
    expect(render(query, {})).toBe(
      [
        query,
        '✗ Elasticsearch rejects this query: "abc" is not a number, as the long field "http.response.status_code" requires [KQL_ES_REJECTS_QUERY]',
        "· or",
        "  ✗ http.response.status_code:abc",
        "  · user.name:x",
      ].join("\n"),
    );
  });

  it("a syntax error: the query, a caret, the message", () => {
    const text = render("foo and (bar", {});
    expect(text.split("\n")).toEqual([
      "foo and (bar",
      "            ^",
      "✗ unclosed parenthesis opened at 1:9 [KQL_UNCLOSED_GROUP]",
    ]);
  });

  it("uses the query option as the first line", () => {
    const explanation = explain("a:1", { a: 1 });
    expect(renderExplanation(explanation, { query: "rule: Suspicious a" }).split("\n")[0]).toBe(
      "rule: Suspicious a",
    );
  });
});

describe("docs/explain.md examples are real output", () => {
  const doc = readFileSync(join(repoRoot, "docs", "explain.md"), "utf8");
  const rule =
    "event.category:process and process.name:(cmd.exe or powershell.exe) and process.command_line:*-enc *";
  const first = {
    event: { category: ["process"] },
    process: { name: "PowerShell.exe", command_line: "powershell.exe -nop -w hidden" },
  };

  it("the explanations", () => {
    const ip = { source: { ip: "192.168.0.9" }, user: { name: ["root", "Admin"] } };
    expect(doc).toContain(`\`\`\`\n${render("source.ip:10.0.0.0/8 or user.name:admin", ip)}\n\`\`\``);
    expect(doc).toContain(`\`\`\`\n${render(rule, first)}\n\`\`\``);
    expect(doc).toContain(`\`\`\`\n${render("http.response.status_code:abc or user.name:x", {})}\n\`\`\``);
  });

  it("the coverage table", () => {
    const coverage = createCoverage(rule, { now: NOW });
    coverage.record(first);
    coverage.record({
      event: { category: "process" },
      process: { name: "cmd.exe", command_line: "cmd /c -enc AAA" },
    });
    coverage.record({ event: { category: "network" } });
    expect(doc).toContain(`\`\`\`\n${renderCoverage(coverage.report())}\n\`\`\``);
  });
});
