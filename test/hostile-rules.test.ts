/**
 * Hostile rule files: each fails with a `RuleLoadError` that names the file, and the key when there is
 * one — never another error, never a hang or a read of a file past the size limit.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileRule, RuleLoadError } from "../src/rules/index.js";
import { DEFAULT_MAX_RULE_FILE_BYTES, loadRules } from "../src/rules/load-files.js";

const dir = mkdtempSync(join(tmpdir(), "kuery-hostile-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ruleToml = (extra = "", query = "a:1") =>
  `[metadata]\ncreation_date = "2024/01/01"\n[rule]\nrule_id = "r"\nname = "n"\ndescription = "d"\ntype = "query"\nlanguage = "kuery"\nrisk_score = 1\nseverity = "low"\nquery = ${JSON.stringify(query)}\n${extra}`;

function loadError(text: string, fileName: string): RuleLoadError {
  try {
    compileRule(text, { fileName });
  } catch (error) {
    expect(error).toBeInstanceOf(RuleLoadError);
    const e = error as RuleLoadError;
    expect(e.file).toBe(fileName);
    expect(e.message).toContain(fileName);
    return e;
  }
  throw new Error("expected a RuleLoadError");
}

describe("rule file size", () => {
  it("a 100 MB file is refused before it is read, naming the file", async () => {
    const file = join(dir, "huge.toml");
    writeFileSync(file, "");
    // A sparse file: 100 MB by its size, nothing written, so the test costs no disk or memory.
    truncateSync(file, 100 * 1024 * 1024);
    expect(100 * 1024 * 1024).toBeGreaterThan(DEFAULT_MAX_RULE_FILE_BYTES);
    const result = await loadRules(file, { onError: "collect" });
    expect(result.rules).toEqual([]);
    expect(result.failures.map((f) => [f.file, f.error.code])).toEqual([[file, "RULE_FILE_TOO_LARGE"]]);
    expect(result.failures[0]?.error.message).toContain(file);
    await expect(loadRules(file)).rejects.toMatchObject({ code: "RULE_FILE_TOO_LARGE", file });
  });

  it("maxFileBytes is an option: a file of exactly the limit loads, one byte more is refused", async () => {
    const file = join(dir, "small.toml");
    const text = ruleToml();
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    expect(await loadRules(file, { maxFileBytes: size })).toHaveLength(1);
    await expect(loadRules(file, { maxFileBytes: size - 1 })).rejects.toMatchObject({
      code: "RULE_FILE_TOO_LARGE",
    });
  });
});

describe("hostile rule text", () => {
  it("binary garbage is a syntax error naming the file", async () => {
    const file = join(dir, "garbage.toml");
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    const result = await loadRules(file, { onError: "collect" });
    expect(result.failures.map((f) => f.error.code)).toEqual(["RULE_TOML_SYNTAX"]);
    expect(result.failures[0]?.error.file).toBe(file);
  });

  it.each([
    ["nested arrays", `x = ${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["nested inline tables", `x = ${"{a=".repeat(100_000)}1${"}".repeat(100_000)}`],
  ])("deeply nested TOML (%s) is a syntax error with its line", (_name, extra) => {
    const error = loadError(ruleToml(extra), "deep.toml");
    expect(error.code).toBe("RULE_TOML_SYNTAX");
    expect(error.line).toBe(12);
  });

  it("deeply nested JSON loads or fails as a RuleLoadError", () => {
    const deep = `{"rule_id":"r","name":"n","description":"d","type":"query","query":"a:1","risk_score":1,"severity":"low","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    let loaded: unknown;
    try {
      loaded = compileRule(deep, { fileName: "deep.json" }).id;
    } catch (error) {
      expect(error).toBeInstanceOf(RuleLoadError);
      loaded = (error as RuleLoadError).code;
    }
    expect(["r", "RULE_JSON_SYNTAX"]).toContain(loaded);
  });

  it("a duplicate TOML key is a syntax error at its line; duplicate JSON keys keep the last, as JSON.parse does", () => {
    const error = loadError(ruleToml('name = "again"'), "dup.toml");
    expect(error.code).toBe("RULE_TOML_SYNTAX");
    expect(error.line).toBe(12);
    const rule = compileRule(
      '{"rule_id":"r","name":"first","name":"last","type":"query","query":"a:1","risk_score":1,"severity":"low","description":"d"}',
    );
    expect(rule.name).toBe("last");
  });

  it.each([
    ["name", "1"],
    ["query", '["x"]'],
    ["risk_score", '"high"'],
    ["severity", "{}"],
    ["index", '"x"'],
    ["tags", "[1]"],
    ["filters", '"x"'],
    ["threat", "5"],
    ["from", "1"],
    ["max_signals", '"x"'],
    ["rule_id", "{a=1}"],
    ["type", "[]"],
  ])("a wrong type for %s names the key", (key, value) => {
    const text = `${ruleToml().replace(new RegExp(`^${key} = .*$`, "m"), "")}\n${key} = ${value}\n`;
    const error = loadError(text, "wrong.toml");
    expect(error.code).toBe("RULE_WRONG_TYPE");
    expect(error.key).toBe(`rule.${key}`);
  });

  it("a query past the parser's limits is a query syntax error naming rule.query", () => {
    for (const query of [`${"(".repeat(101)}a:1${")".repeat(101)}`, "a".repeat(4_000_001)]) {
      const error = loadError(ruleToml("", query), "q.toml");
      expect(error.code).toBe("RULE_QUERY_SYNTAX");
      expect(error.key).toBe("rule.query");
      expect(error.summary).toMatch(/limit|deeper than/);
    }
  });
});
