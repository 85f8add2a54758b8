import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { compileRule } from "../src/rules/compile-rule.js";
import { compileEsWildcard } from "../src/rules/filters/es-wildcard.js";

import { hasShared, sharedPath } from "./helpers/shared.js";

/** A query rule matching everything with `event.kind: event`, plus the given filters. */
function ruleWith(filters: object[]) {
  return compileRule(
    {
      rule_id: "f",
      name: "filters",
      type: "query",
      query: "event.kind: event",
      severity: "low",
      risk_score: 1,
      filters,
    },
    {},
  );
}

const base = { event: { kind: "event" } };

describe("Elasticsearch wildcard syntax", () => {
  it.each([
    ["C:\\\\Program Files\\\\*.exe", "C:\\Program Files\\app.exe", false, true],
    ["C:\\\\Program Files\\\\*.exe", "c:\\program files\\app.exe", false, false],
    ["C:\\\\Program Files\\\\*.exe", "c:\\program files\\app.exe", true, true],
    ["?:\\\\Temp\\\\tmp_????.ps?1", "D:\\Temp\\tmp_abcd.psm1", false, true],
    ["?:\\\\Temp\\\\tmp_????.ps?1", "D:\\Temp\\tmp_abc.psm1", false, false],
    // A backslash before an ordinary character only makes it literal: `\P` is `P`.
    ["C:\\Program*", "C:Program Files", false, true],
    ["C:\\Program*", "C:\\Program Files", false, false],
    ["a\\*b", "a*b", false, true],
    ["a\\*b", "axb", false, false],
  ])("%s on %s (ci=%s) → %s", (pattern, value, ci, expected) => {
    expect(compileEsWildcard(pattern, ci)(value)).toBe(expected);
  });
});

describe("Kibana filters combined with the query", () => {
  it("match_phrase: exact value, both spellings; negate → must_not", () => {
    const rule = ruleWith([{ meta: { negate: false }, query: { match_phrase: { "user.name": "root" } } }]);
    expect(rule.matches({ ...base, user: { name: "root" } })).toBe(true);
    expect(rule.matches({ ...base, user: { name: "Root" } })).toBe(false);
    const negated = ruleWith([
      { meta: { negate: true }, query: { match_phrase: { "user.name": { query: "root" } } } },
    ]);
    expect(negated.matches({ ...base, user: { name: "root" } })).toBe(false);
    expect(negated.matches({ ...base, user: { name: "alice" } })).toBe(true);
    // The query still applies.
    expect(negated.matches({ event: { kind: "alert" }, user: { name: "alice" } })).toBe(false);
  });

  it("disabled filters are ignored, even unsupported ones", () => {
    const rule = ruleWith([
      { meta: { disabled: true }, query: { match_phrase: { "user.name": "root" } } },
      { meta: { disabled: true }, query: { script: {} } },
    ]);
    expect(rule.matches({ ...base, user: { name: "alice" } })).toBe(true);
  });

  it("wildcard with case_insensitive, negated (the corpus's exclusion pattern)", () => {
    const rule = ruleWith([
      {
        meta: { negate: true },
        query: {
          wildcard: { "file.path": { value: "?:\\\\ProgramData\\\\Vendor\\\\*", case_insensitive: true } },
        },
      },
    ]);
    expect(rule.matches({ ...base, file: { path: "c:\\programdata\\vendor\\x.ps1" } })).toBe(false);
    expect(rule.matches({ ...base, file: { path: "C:\\Users\\x.ps1" } })).toBe(true);
    // A missing field never matches the wildcard, so the negated filter lets the event through.
    expect(rule.matches(base)).toBe(true);
    const sensitive = ruleWith([{ meta: {}, query: { wildcard: { "file.path": { value: "C:*" } } } }]);
    expect(sensitive.matches({ ...base, file: { path: "c:\\x" } })).toBe(false);
    expect(sensitive.matches({ ...base, file: { path: ["d:\\x", "C:\\y"] } })).toBe(true);
  });

  it("match: unquoted value; type phrase", () => {
    const rule = ruleWith([
      { meta: {}, query: { match: { "event.action": { query: "login", type: "phrase" } } } },
    ]);
    expect(rule.matches({ ...base, event: { kind: "event", action: "login" } })).toBe(true);
    expect(rule.matches({ ...base, event: { kind: "event", action: "logout" } })).toBe(false);
  });

  it("exists, in the current and the legacy layout", () => {
    for (const filter of [
      { meta: {}, query: { exists: { field: "user.id" } } },
      { meta: {}, exists: { field: "user.id" } },
    ]) {
      const rule = ruleWith([filter]);
      expect(rule.matches({ ...base, user: { id: "1" } })).toBe(true);
      expect(rule.matches({ ...base, user: { id: null } })).toBe(false);
    }
  });

  it("range: gte/lt and the old from/to spelling", () => {
    const rule = ruleWith([{ meta: {}, query: { range: { "destination.port": { gte: 1024, lt: 2048 } } } }]);
    expect(rule.matches({ ...base, destination: { port: 1024 } })).toBe(true);
    expect(rule.matches({ ...base, destination: { port: 2048 } })).toBe(false);
    const legacy = ruleWith([
      { meta: {}, range: { "destination.port": { from: 10, to: 20, include_upper: false } } },
    ]);
    expect(legacy.matches({ ...base, destination: { port: 10 } })).toBe(true);
    expect(legacy.matches({ ...base, destination: { port: 20 } })).toBe(false);
  });

  it("term, term case_insensitive, terms", () => {
    const term = ruleWith([{ meta: {}, query: { term: { "host.os.type": "linux" } } }]);
    expect(term.matches({ ...base, host: { os: { type: "linux" } } })).toBe(true);
    expect(term.matches({ ...base, host: { os: { type: "Linux" } } })).toBe(false);
    const ci = ruleWith([
      { meta: {}, query: { term: { "host.os.type": { value: "LINUX*", case_insensitive: true } } } },
    ]);
    expect(ci.matches({ ...base, host: { os: { type: "linux*" } } })).toBe(true);
    expect(ci.matches({ ...base, host: { os: { type: "linux-x" } } })).toBe(false);
    const terms = ruleWith([{ meta: {}, query: { terms: { "event.code": [4624, "4625"] } } }]);
    expect(terms.matches({ ...base, event: { kind: "event", code: "4624" } })).toBe(true);
    expect(terms.matches({ ...base, event: { kind: "event", code: 4625 } })).toBe(true);
    expect(terms.matches({ ...base, event: { kind: "event", code: "4634" } })).toBe(false);
  });

  it("bool: must, filter, must_not, should (optional beside must; required alone)", () => {
    const rule = ruleWith([
      {
        meta: {},
        query: {
          bool: {
            filter: [{ match_phrase: { "a.b": "1" } }],
            must_not: { match_phrase: { "a.c": "2" } },
            should: [{ match_phrase: { "a.d": "never" } }],
          },
        },
      },
    ]);
    expect(rule.matches({ ...base, a: { b: "1" } })).toBe(true);
    expect(rule.matches({ ...base, a: { b: "1", c: "2" } })).toBe(false);
    const shouldOnly = ruleWith([
      {
        meta: {},
        query: {
          bool: {
            should: [{ match_phrase: { x: "1" } }, { match_phrase: { x: "2" } }],
            minimum_should_match: 1,
          },
        },
      },
    ]);
    expect(shouldOnly.matches({ ...base, x: "2" })).toBe(true);
    expect(shouldOnly.matches({ ...base, x: "3" })).toBe(false);
  });

  it("several filters are ANDed; explain names each with its result", () => {
    const rule = ruleWith([
      { meta: {}, query: { match_phrase: { a: "1" } } },
      { meta: { negate: true }, query: { match_phrase: { b: "2" } } },
    ]);
    const event = { ...base, a: "1", b: "2" };
    expect(rule.matches(event)).toBe(false);
    const explanation = rule.explain(event);
    expect(explanation.filters.map((f) => f.passed)).toEqual([true, false]);
    expect(explanation.filters[1]?.detail.clause).toBe('b: "2"');
  });
});

describe.skipIf(!hasShared)("corpus rules with [[rule.filters]]", () => {
  const files = hasShared
    ? fg
        .sync("**/*.toml", { cwd: sharedPath("corpus", "detection-rules"), absolute: true })
        .filter((file) => /^\[\[rule\.filters\]\]/m.test(readFileSync(file, "utf8")))
    : [];

  it("all 18 compile, and every filter translates", () => {
    expect(files).toHaveLength(18);
    let filterCount = 0;
    for (const file of files) {
      const rule = compileRule(readFileSync(file, "utf8"), { fileName: file });
      expect(rule.filters.length).toBeGreaterThan(0);
      filterCount += rule.filters.length;
    }
    console.log(`corpus: ${files.length} rules with filters, ${filterCount} filters`);
    expect(filterCount).toBe(42);
  });

  it("a corpus exclusion filter removes the excluded path, case-insensitively", () => {
    const file = files.find((f) => f.endsWith("credential_access_lsass_memdump_handle_access.toml"));
    expect(file).toBeDefined();
    const rule = compileRule(readFileSync(file as string, "utf8"), { fileName: file });
    const wildcardFilters = rule.filters.filter((f) => f.clause.kind === "wildcard");
    expect(wildcardFilters.length).toBe(3);
    expect(wildcardFilters.every((f) => f.negate)).toBe(true);
    const explainInside = rule.explain({
      winlog: { event_data: { ProcessName: "c:\\program files\\tool\\x.exe" } },
    });
    const explainOutside = rule.explain({ winlog: { event_data: { ProcessName: "C:\\Users\\bob\\x.exe" } } });
    expect(explainInside.filters.some((f) => !f.passed)).toBe(true);
    expect(explainOutside.filters.every((f) => f.passed)).toBe(true);
  });
});
