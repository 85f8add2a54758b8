import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type FieldMap, parse } from "../src/index.js";
import {
  type Finding,
  LINT_CATALOG,
  LINT_CODES,
  type LintCode,
  type LintOptions,
  lint,
  lintRule,
  summarizeFindings,
} from "../src/lint/index.js";
import { repoRoot } from "./helpers/shared.js";

/** A nested mapping for the nested-group cases (merged over the built-in schema). */
const NESTED: FieldMap = {
  d: "nested",
  "d.a": "keyword",
  "d.e": "nested",
  "d.e.b": "keyword",
  "d.tag": "keyword",
};

interface Case {
  readonly code: LintCode;
  readonly query: string;
  /** The text the finding must cover exactly (its first occurrence, or the `nth`, 0-based). */
  readonly at: string;
  readonly nth?: number;
  /** Expected fix replacement, when the finding carries one. */
  readonly fix?: string;
  /** A similar query that must not produce this code. */
  readonly not: string;
  readonly options?: LintOptions;
}

const CASES: readonly Case[] = [
  { code: "KQL_LINT_SYNTAX_ERROR", query: "process.name:", at: "", nth: -1, not: "process.name:x" },
  {
    code: "KQL_LINT_WILDCARD_ON_NON_STRING",
    query: "source.ip:10.*",
    at: "source.ip:10.*",
    not: "source.ip:10.0.0.0/8",
  },
  {
    code: "KQL_LINT_WILDCARD_ON_NON_STRING",
    query: "event.category:process and process.pid:12*",
    at: "process.pid:12*",
    not: "event.category:process and process.pid >= 1200",
  },
  {
    code: "KQL_LINT_ES_REJECTS_QUERY",
    query: "process.pid:abc",
    at: "process.pid:abc",
    not: "process.pid:4",
  },
  {
    code: "KQL_LINT_FLATTENED_KEY_RANGE",
    query: "gcp.audit.request.y > 5",
    at: "gcp.audit.request.y > 5",
    not: "gcp.audit.request.y:5",
  },
  {
    code: "KQL_LINT_NESTED_FIELD_OUTSIDE_GROUP",
    query: "d.a:x or d:{ a:y }",
    at: "d.a",
    not: "d:{ a:x or a:y }",
    options: { fields: NESTED },
  },
  {
    code: "KQL_LINT_NESTED_FIELD_WRONG_GROUP",
    query: "d:{ e.b:1 } and d.e.b:2",
    at: "e.b",
    not: "d:{ e:{ b:1 } }",
    options: { fields: NESTED },
  },
  {
    code: "KQL_LINT_NOT_A_NESTED_PATH",
    query: "process:{ name:x }",
    at: "process",
    not: "d:{ a:x }",
    options: { fields: NESTED },
  },
  {
    code: "KQL_LINT_UNKNOWN_FIELD",
    query: "process.nmae:cmd.exe",
    at: "process.nmae",
    fix: "process.name",
    not: "process.name:cmd.exe",
  },
  { code: "KQL_LINT_UNKNOWN_FIELD", query: "proces.*:x", at: "proces.*", not: "process.name.*:x" },
  {
    code: "KQL_LINT_KEYWORD_RANGE",
    query: "event.code > 4000",
    at: "event.code > 4000",
    not: "process.pid > 4000",
  },
  {
    code: "KQL_LINT_TEXT_UNQUOTED_WORDS",
    query: "message:hello world",
    at: "hello world",
    fix: '"hello world"',
    not: 'message:"hello world"',
  },
  {
    code: "KQL_LINT_VALUE_CASE",
    query: "event.outcome: Success",
    at: "Success",
    fix: "(Success or success)",
    not: "event.outcome:(Success or success)",
  },
  {
    code: "KQL_LINT_NOT_AN_ECS_VALUE",
    query: "event.category:proces",
    at: "proces",
    not: "event.category:process",
  },
  {
    code: "KQL_LINT_QUESTION_MARK",
    query: "url.domain:cdn??.space",
    at: "cdn??.space",
    fix: "cdn*.space",
    not: "url.path:/api/v1/secrets?limit*",
  },
  {
    code: "KQL_LINT_QUOTED_WILDCARD",
    query: 'process.name:"*mimi*"',
    at: '"*mimi*"',
    fix: "*mimi*",
    not: 'process.name:"*"',
  },
  {
    code: "KQL_LINT_MISSING_OR",
    query: "process.name:(cmd.exe powershell.exe)",
    at: "cmd.exe powershell.exe",
    fix: "(cmd.exe or powershell.exe)",
    not: "user_agent.original:(*S3 Browser* or curl*)",
  },
  {
    code: "KQL_LINT_MISSING_OR",
    query: "process.args:(*a.xml\n   */b.json)",
    at: "*a.xml\n   */b.json",
    fix: "(*a.xml or */b.json)",
    not: "process.args:(*a.xml or */b.json)",
  },
  {
    code: "KQL_LINT_CONTROL_ESCAPE",
    query: 'file.path:"C:\\temp\\new.exe"',
    at: '"C:\\temp\\new.exe"',
    fix: '"C:\\\\temp\\\\new.exe"',
    not: 'file.path:"C:\\\\temp\\\\new.exe"',
  },
  {
    code: "KQL_LINT_CONTROL_ESCAPE",
    query: "file.path:C\\:\\\\Windows\\notepad.exe",
    at: "C\\:\\\\Windows\\notepad.exe",
    fix: "C\\:\\\\Windows\\\\notepad.exe",
    not: "file.path:C\\:\\\\Windows\\\\notepad.exe",
  },
  {
    code: "KQL_LINT_DUPLICATE_VALUE",
    query: "process.name:(x.exe or y.exe or x.exe)",
    at: "x.exe",
    nth: 1,
    fix: "",
    not: "process.name:(x.exe or y.exe)",
  },
  {
    code: "KQL_LINT_DUPLICATE_CLAUSE",
    query: "process.name:a and user.name:b and process.name:a",
    at: "process.name:a",
    nth: 1,
    fix: "",
    not: "process.name:a and user.name:b and process.name:c",
  },
  {
    code: "KQL_LINT_ALWAYS_TRUE",
    query: "event.kind:event and (host.name:* or not host.name:*)",
    at: "(host.name:* or not host.name:*)",
    not: "event.kind:event and (host.name:* or not user.name:*)",
  },
  {
    code: "KQL_LINT_ALWAYS_FALSE",
    query: "process.name:(a and not a)",
    at: "process.name:(a and not a)",
    not: "process.name:a and process.name:b",
  },
  {
    code: "KQL_LINT_ALWAYS_FALSE",
    query: "user.name:x and (process.name:a and (host.name:h and not process.name:a))",
    at: "user.name:x and (process.name:a and (host.name:h and not process.name:a))",
    not: "process.pid > 5 and process.pid < 3",
  },
  {
    code: "KQL_LINT_WILDCARD_SPACE",
    query: "process.command_line: * curl*",
    at: "* curl*",
    not: "process.command_line:*curl*",
  },
  {
    code: "KQL_LINT_WILDCARD_SPACE",
    query: "d:{ tag:*admin svc* }",
    at: "*admin svc*",
    not: "d:{ tag:*admin svc* } and d.tag:*",
    options: { fields: NESTED },
  },
  {
    code: "KQL_LINT_WILDCARD_SPACE_LEGACY",
    query: "process.name:*foo bar*",
    at: "*foo bar*",
    not: "process.command_line:*foo bar*",
  },
  {
    code: "KQL_LINT_FLATTENED_KEY_WILDCARD",
    query: "gcp.audit.request.x:abc*",
    at: "abc*",
    not: "gcp.audit.request.x:abc",
  },
  {
    code: "KQL_LINT_FREE_TEXT",
    query: "process.name:foo or bar",
    at: "bar",
    not: "process.name:(foo or bar)",
  },
];

function rangeOf(query: string, text: string, nth = 0): { start: number; end: number } {
  if (nth === -1) return { start: query.length, end: query.length };
  let from = 0;
  let start = -1;
  for (let i = 0; i <= nth; i++) {
    start = query.indexOf(text, from);
    if (start < 0) throw new Error(`"${text}" (#${nth}) not in ${query}`);
    from = start + 1;
  }
  return { start, end: start + text.length };
}

function apply(query: string, f: Finding): string {
  const fix = f.fix as NonNullable<Finding["fix"]>;
  return query.slice(0, fix.range.start) + fix.replacement + query.slice(fix.range.end);
}

describe("lint: one positive and one negative example per code", () => {
  for (const c of CASES) {
    describe(`${c.code}: ${JSON.stringify(c.query)}`, () => {
      it("is reported at the exact range, with the catalog's severity", () => {
        const findings = lint(c.query, c.options);
        const range = rangeOf(c.query, c.at, c.nth);
        const hit = findings.find((f) => f.code === c.code && f.range.start === range.start);
        expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
        expect(hit?.range).toEqual(range);
        expect(hit?.severity).toBe(LINT_CATALOG[c.code].severity);
        expect(hit?.message.length).toBeGreaterThan(10);
        if (c.fix !== undefined) {
          expect(hit?.fix?.replacement).toBe(c.fix);
          // The repaired query parses and no longer has this finding at that place.
          const repaired = apply(c.query, hit as Finding);
          expect(() => parse(repaired)).not.toThrow();
          expect(lint(repaired, c.options).filter((f) => f.code === c.code)).toEqual([]);
        }
      });
      it(`is not reported for ${JSON.stringify(c.not)}`, () => {
        expect(lint(c.not, c.options).filter((f) => f.code === c.code)).toEqual([]);
      });
    });
  }

  it("covers every code of the catalog", () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(LINT_CODES));
  });
});

describe("lint: details", () => {
  it("reports nothing for a clean ECS query", () => {
    expect(
      lint('event.category:process and process.name:("cmd.exe" or powershell.exe) and not user.name:SYSTEM'),
    ).toEqual([]);
  });

  it("suggests the closest names, same prefix first", () => {
    const [f] = lint("process.parent.nmae:x");
    expect(f?.code).toBe("KQL_LINT_UNKNOWN_FIELD");
    expect(f?.hint).toContain('"process.parent.name"');
  });

  it("reports every refused comparison, not just the compiler's first", () => {
    const query = "source.ip:10.* and process.pid:abc and @timestamp:yesterday";
    const codes = lint(query).map((f) => [f.code, query.slice(f.range.start, f.range.end)]);
    expect(codes).toEqual([
      ["KQL_LINT_WILDCARD_ON_NON_STRING", "source.ip:10.*"],
      ["KQL_LINT_ES_REJECTS_QUERY", "process.pid:abc"],
      ["KQL_LINT_ES_REJECTS_QUERY", "@timestamp:yesterday"],
    ]);
  });

  it("says when a lone * piece makes a split wildcard an exists test, and names process.args", () => {
    const [f] = lint("process.command_line: * curl*");
    expect(f?.message).toContain("`*` OR `curl*`");
    expect(f?.message).toContain("exists test");
    expect(f?.hint).toContain("process.command_line:*curl*");
    expect(f?.hint).toContain("process.args");
    expect(f?.hint).toContain('wildcardSpaces: "literal"');
  });

  it("rewrites a split wildcard into anchored pieces joined by and", () => {
    const [f] = lint("url.full:*evil site*");
    expect(f?.code).toBe("KQL_LINT_WILDCARD_SPACE");
    expect(f?.hint).toContain("url.full:(*evil* and *site*)");
  });

  it("splits on a field typed differently across indices (esTypes)", () => {
    const findings = lint("process.name:*foo bar*", { esTypes: { "process.name": ["keyword", "wildcard"] } });
    expect(findings.map((f) => f.code)).toEqual(["KQL_LINT_WILDCARD_SPACE"]);
  });

  it("treats a name used both inside and outside its nested group as typed (keyword keeps the space)", () => {
    const findings = lint("d:{ tag:*admin svc* } and d.tag:*", { fields: NESTED });
    expect(findings.map((f) => f.code)).toContain("KQL_LINT_WILDCARD_SPACE_LEGACY");
  });

  it("does not call f:a and f:b contradictory (multi-valued fields)", () => {
    expect(lint("process.name:a and process.name:b")).toEqual([]);
  });

  it("lints a tree when given its source, and skips source-only checks without it", () => {
    const query = 'file.path:"C:\\temp\\x"';
    const ast = parse(query);
    expect(lint(ast, { source: query }).map((f) => f.code)).toEqual(["KQL_LINT_CONTROL_ESCAPE"]);
    expect(lint(ast)).toEqual([]);
  });

  it("honours disable and rejects unknown options and codes", () => {
    expect(lint("process.nmae:x", { disable: ["KQL_LINT_UNKNOWN_FIELD"] })).toEqual([]);
    expect(() => lint("x", { bogus: 1 } as LintOptions)).toThrow(TypeError);
    expect(() => lint("x", { disable: ["NOPE" as LintCode] })).toThrow(TypeError);
  });

  it("uses a replacement schema", () => {
    const findings = lint("a:1 and b:2", { schema: { a: "keyword" } });
    expect(findings.map((f) => [f.code, f.range.start])).toEqual([["KQL_LINT_UNKNOWN_FIELD", 8]]);
  });

  it("lintRule lints kuery rules only", () => {
    expect(lintRule({ query: "process.nmae:x", language: "kuery" }).map((f) => f.code)).toEqual([
      "KQL_LINT_UNKNOWN_FIELD",
    ]);
    expect(lintRule({ query: "process.nmae:x" })).toHaveLength(1);
    expect(lintRule({ query: "process where true", language: "eql" })).toEqual([]);
  });

  it("summarizeFindings counts per code and severity", () => {
    const findings = [...lint("process.nmae:x and source.ip:1*"), ...lint("process.nmae:y")];
    expect(summarizeFindings(findings)).toEqual({
      total: 3,
      bySeverity: { error: 1, warning: 2, info: 0 },
      byCode: { KQL_LINT_WILDCARD_ON_NON_STRING: 1, KQL_LINT_UNKNOWN_FIELD: 2 },
    });
  });

  it("documents every code in docs/lint.md", () => {
    const doc = readFileSync(`${repoRoot}/docs/lint.md`, "utf8");
    for (const code of LINT_CODES) expect(doc, code).toContain(`\`${code}\``);
  });
});
