import { describe, expect, it } from "vitest";
import { createCoverage, renderCoverage } from "../src/eval/explain/index.js";
import { parse } from "../src/parser/index.js";

/** [path, role, true events, false events, not-evaluated events] per clause. */
function rows(report: ReturnType<ReturnType<typeof createCoverage>["report"]>) {
  return report.clauses.map((c) => [c.path, c.role, c.trueEvents, c.falseEvents, c.notEvaluatedEvents]);
}

describe("clause coverage", () => {
  const query = "process.name:cmd.exe and (user.name:(admin or root) or source.ip:10.0.0.0/8)";
  const events = [
    { process: { name: "cmd.exe" }, user: { name: "admin" } },
    { process: { name: "cmd.exe" }, source: { ip: "10.1.1.1" } },
    { process: { name: "powershell.exe" } },
  ];

  it("counts, per clause, the events that made it true, false, or did not evaluate it", () => {
    const coverage = createCoverage(query);
    expect(events.map((e) => coverage.record(e))).toEqual([true, true, false]);
    const report = coverage.report();
    expect(report).toMatchObject({ query, events: 3, matched: 2, refused: 0 });
    // E1: the value list is one lookup (both values evaluated), so source.ip is skipped.
    // E2: no value hit, source.ip true. E3: process.name false, the or is skipped.
    expect(rows(report)).toEqual([
      ["", "structure", 2, 1, 0],
      ["0", "condition", 2, 1, 0],
      ["1", "structure", 2, 0, 1],
      ["1.0", "list", 1, 1, 1],
      ["1.0.0", "value", 1, 1, 1],
      ["1.0.1", "value", 0, 2, 1],
      ["1.1", "condition", 1, 0, 2],
    ]);
    expect(report.clauses.map((c) => c.text)).toEqual([
      query,
      "process.name:cmd.exe",
      "(user.name:(admin or root) or source.ip:10.0.0.0/8)",
      "user.name:(admin or root)",
      "user.name:admin",
      "user.name:root",
      "source.ip:10.0.0.0/8",
    ]);
    // Conditions: process.name (2 outcomes seen), the list (2), source.ip (1): 5 of 6 outcomes.
    // Values: admin hit, root not: 1 of 2. (5 + 1) / (6 + 2) = 75%.
    expect(report.outcomes).toEqual({ observed: 5, total: 6 });
    expect(report.values).toEqual({ hit: 1, total: 2 });
    expect(report.percent).toBe(75);
  });

  it("renders a table with gaps and totals", () => {
    const coverage = createCoverage(query);
    for (const e of events) coverage.record(e);
    expect(renderCoverage(coverage.report())).toBe(
      [
        query,
        "3 events: 2 matched, 0 refused",
        "   true  false    n/e  clause",
        "      2      1      0  and",
        "✓     2      1      0    process.name:cmd.exe",
        "      2      0      1    or",
        "✓     1      1      1      user.name:(admin or root)",
        "✓     1      1      1        user.name:admin",
        "✗     0      2      1        user.name:root",
        "✗     1      0      2      source.ip:10.0.0.0/8",
        "gaps:",
        "  user.name:root: value never hit",
        "  source.ip:10.0.0.0/8: never false",
        "outcomes 5/6 (83.3%), values 1/2 (50.0%), coverage 75.0%",
      ].join("\n"),
    );
  });

  it("counts an outcome seen in any nested element of an event", () => {
    const schema = { nest: "nested", "nest.k": "keyword" } as const;
    const coverage = createCoverage("nest:{ k:a }", { schema });
    coverage.record({ nest: [{ k: "b" }, { k: "a" }] });
    const report = coverage.report();
    expect(rows(report)).toEqual([
      ["", "structure", 1, 0, 0],
      ["0", "condition", 1, 1, 0],
    ]);
    expect(report.percent).toBe(100);
  });

  it("a value list inside a wider or is a condition of its own", () => {
    const coverage = createCoverage("f:a or g:c or f:b", { schema: { f: "keyword", g: "keyword" } });
    coverage.record({ f: "b" });
    coverage.record({ g: "c" });
    const report = coverage.report();
    expect(report.clauses.map((c) => [c.path, c.role, c.text, c.trueEvents, c.falseEvents])).toEqual([
      ["", "structure", "f:a or g:c or f:b", 2, 0],
      ["[0,2]", "list", "f:(a or b)", 1, 1],
      ["0", "value", "f:a", 0, 2],
      ["1", "condition", "g:c", 1, 0],
      ["2", "value", "f:b", 1, 1],
    ]);
    // Conditions: the list (2 outcomes), g:c (1 of 2): 3 of 4. Values: 1 of 2. 4 / 6.
    expect(report.outcomes).toEqual({ observed: 3, total: 4 });
    expect(report.values).toEqual({ hit: 1, total: 2 });
    expect(report.percent).toBeCloseTo((4 / 6) * 100, 10);
  });

  it("refused events evaluate nothing; a query that cannot run covers nothing", () => {
    const coverage = createCoverage("u.n:abc");
    expect(coverage.record({ u: { n: 5 } })).toBe(false);
    expect(coverage.record({ u: { n: "abc" } })).toBe(true);
    const report = coverage.report();
    expect(report).toMatchObject({ events: 2, matched: 1, refused: 1 });
    expect(rows(report)).toEqual([["", "condition", 1, 0, 1]]);
    expect(report.percent).toBe(50);

    const broken = createCoverage("n:abc", { schema: { n: "long" } });
    broken.record({ n: 1 });
    const brokenReport = broken.report();
    expect(brokenReport.error).toMatchObject({ code: "KQL_ES_REJECTS_QUERY" });
    expect(rows(brokenReport)).toEqual([["", "condition", 0, 0, 1]]);
    expect(brokenReport.percent).toBe(0);
  });

  it("a query without conditions is fully covered; a tree works like its text", () => {
    const all = createCoverage("*:*");
    all.record({});
    expect(all.report().percent).toBe(100);
    const fromTree = createCoverage(parse("a:1 or a:2"), { source: "a:1 or a:2" });
    fromTree.record({ a: 2 });
    const fromText = createCoverage("a:1 or a:2");
    fromText.record({ a: 2 });
    expect(fromTree.report()).toEqual(fromText.report());
  });

  it("report is JSON", () => {
    const coverage = createCoverage(query);
    for (const e of events) coverage.record(e);
    const report = coverage.report();
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
  });
});
