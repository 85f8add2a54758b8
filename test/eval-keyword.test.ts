import { describe, expect, it } from "vitest";
import { compileQuery, KqlCompileError } from "../src/eval/index.js";
import { matches, thrown } from "./helpers/eval.js";

const KW = { "process.name": "keyword", "process.args": "keyword" } as const;

describe("keyword fields", () => {
  it("compare whole values, case-sensitively, quoted or not", () => {
    expect(matches("process.name:cmd.exe", { process: { name: "cmd.exe" } }, KW)).toBe(true);
    expect(matches('process.name:"cmd.exe"', { process: { name: "cmd.exe" } }, KW)).toBe(true);
    expect(matches("process.name:CMD.exe", { process: { name: "cmd.exe" } }, KW)).toBe(false);
    expect(matches("process.name:cmd", { process: { name: "cmd.exe" } }, KW)).toBe(false);
  });

  it("index numbers and booleans as their JSON text", () => {
    expect(matches("process.name:4624", { process: { name: 4624 } }, KW)).toBe(true);
    expect(matches("process.name:04624", { process: { name: 4624 } }, KW)).toBe(false);
    expect(matches("process.name:false", { process: { name: false } }, KW)).toBe(true);
  });

  it("skip values longer than ignore_above for term, wildcard, range and exists", () => {
    const fields = { tag: { type: "keyword", ignoreAbove: 5 } } as const;
    const long = "abcdefgh";
    expect(matches(`tag:${long}`, { tag: long }, fields)).toBe(false);
    expect(matches("tag:abc*", { tag: long }, fields)).toBe(false);
    expect(matches("tag > a", { tag: long }, fields)).toBe(false);
    expect(matches("tag:*", { tag: long }, fields)).toBe(false);
    // Other values of the same array still count.
    expect(matches("tag:*", { tag: [long, "ok"] }, fields)).toBe(true);
    expect(matches("tag:ok", { tag: [long, "ok"] }, fields)).toBe(true);
  });

  it("OR of many plain values behaves like the individual comparisons (value-set lookup)", () => {
    const query = "process.name:(a.exe or b.exe or c.exe or 4624)";
    for (const [name, expected] of [
      ["b.exe", true],
      ["c.exe", true],
      [4624, true],
      ["B.EXE", false],
      ["d.exe", false],
    ] as const) {
      expect(matches(query, { process: { name } }, KW)).toBe(expected);
      expect(matches(`not ${query}`, { process: { name } }, KW)).toBe(!expected);
    }
  });

  it("ranges compare by code point", () => {
    expect(matches("process.name > B", { process: { name: "a" } }, KW)).toBe(true);
    expect(matches("process.name < b", { process: { name: "B" } }, KW)).toBe(true);
    // U+1F600 (a surrogate pair) sorts after U+FFFD by code point, although its first UTF-16 unit is smaller.
    expect(matches("process.name > \uFFFD", { process: { name: "\u{1F600}" } }, KW)).toBe(true);
  });

  it("an unquoted null is refused; a quoted one is text", () => {
    const error = thrown(() => compileQuery("process.name:null", { schema: KW }));
    expect(error).toBeInstanceOf(KqlCompileError);
    expect((error as KqlCompileError).code).toBe("KQL_ES_REJECTS_QUERY");
    expect(matches('process.name:"null"', { process: { name: "null" } }, KW)).toBe(true);
  });
});

describe(".caseless sub-fields and caseInsensitive", () => {
  it("lower-cases both sides for term and wildcard on an implicit .caseless view", () => {
    expect(matches("process.name.caseless:PowerShell.EXE", { process: { name: "POWERSHELL.exe" } }, KW)).toBe(
      true,
    );
    expect(
      matches("process.name.caseless:*SHELL ise*", { process: { name: "PowerShell ISE.exe" } }, KW),
    ).toBe(true);
    expect(matches("process.name.caseless:*shell ise*", { process: { name: "ise.exe" } }, KW)).toBe(false);
  });

  it("has no .caseless view over a non-keyword field", () => {
    expect(matches("n.caseless:1", { n: 1 }, { n: "long" })).toBe(false);
  });

  it("caseInsensitive folds case on keyword-only term and wildcard queries only", () => {
    const options = { caseInsensitive: true };
    expect(matches("process.name:CMD.EXE", { process: { name: "cmd.exe" } }, KW, options)).toBe(true);
    expect(matches("process.name:CMD*", { process: { name: "cmd.exe" } }, KW, options)).toBe(true);
    const wildcardType = { "process.command_line": "wildcard" } as const;
    expect(
      matches("process.command_line:CMD*", { process: { command_line: "cmd.exe" } }, wildcardType, options),
    ).toBe(false);
  });
});

describe("wildcard values by field kind", () => {
  it("keep spaces on keyword-only fields and split elsewhere", () => {
    const doc = { process: { name: "bar.exe", command_line: "bar.exe" } };
    const fields = { "process.name": "keyword", "process.command_line": "wildcard" } as const;
    expect(matches("process.name:*foo bar*", doc, fields)).toBe(false);
    expect(matches("process.command_line:*foo bar*", doc, fields)).toBe(true);
  });

  it('wildcardSpaces: "literal" keeps the spaces everywhere', () => {
    const doc = { process: { command_line: "bar.exe" } };
    const fields = { "process.command_line": "wildcard" } as const;
    expect(matches("process.command_line:*foo bar*", doc, fields, { wildcardSpaces: "literal" })).toBe(false);
    expect(
      matches("process.command_line:*foo bar*", { process: { command_line: "x foo bar" } }, fields, {
        wildcardSpaces: "literal",
      }),
    ).toBe(true);
  });

  it("split constant_keyword patterns into wildcard and plain clauses", () => {
    const fields = { "data_stream.dataset": "constant_keyword" } as const;
    expect(
      matches(
        "data_stream.dataset:foo* aws.cloudtrail",
        { data_stream: { dataset: "aws.cloudtrail" } },
        fields,
      ),
    ).toBe(true);
    expect(
      matches("data_stream.dataset:foo* aws.cloud", { data_stream: { dataset: "aws.cloudtrail" } }, fields),
    ).toBe(false);
  });
});
