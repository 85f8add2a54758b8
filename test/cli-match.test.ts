import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runKuery } from "./helpers/cli.js";
import { hasShared, repoRoot, sharedPath } from "./helpers/shared.js";

const examples = join(repoRoot, "examples", "cloudtrail.ndjson");
const seedRule = join(repoRoot, "rules", "aws_iam_mfa_device_deactivated.toml");
const exampleLines = readFileSync(examples, "utf8").trim().split("\n");

/** The events of the examples file the MFA-deactivation seed rule must alert on, by plain field checks. */
const expectedSeedAlerts = exampleLines
  .map((line) => JSON.parse(line))
  .filter(
    (e) =>
      e.event?.dataset === "aws.cloudtrail" &&
      e.event?.provider === "iam.amazonaws.com" &&
      e.event?.action === "DeactivateMFADevice" &&
      e.event?.outcome === "success",
  );

function alertsOf(stdout: string) {
  return stdout
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

describe("kuery match", () => {
  it("prints one NDJSON alert per matching event when piped", () => {
    const result = runKuery(["match", "--rules", seedRule, examples]);
    expect(result.status).toBe(0);
    const alerts = alertsOf(result.stdout);
    expect(expectedSeedAlerts.length).toBeGreaterThan(0);
    expect(alerts).toHaveLength(expectedSeedAlerts.length);
    expect(alerts.map((a) => a.source["@timestamp"])).toEqual(expectedSeedAlerts.map((e) => e["@timestamp"]));
    expect(alerts[0]["kibana.alert.rule.name"]).toBe("AWS IAM Deactivation of MFA Device");
  });

  it("reads events from stdin with - and from gzip files alike", () => {
    const fromFile = alertsOf(runKuery(["match", "--rules", "rules/", examples]).stdout);
    const fromStdin = alertsOf(
      runKuery(["match", "--rules", "rules/", "-"], { input: readFileSync(examples) }).stdout,
    );
    const dir = mkdtempSync(join(tmpdir(), "kuery-match-"));
    writeFileSync(join(dir, "events.ndjson.gz"), gzipSync(readFileSync(examples)));
    const fromGzip = alertsOf(runKuery(["match", "--rules", "rules/", join(dir, "events.ndjson.gz")]).stdout);
    expect(fromFile.length).toBeGreaterThan(2);
    const ids = (alerts: { "kibana.alert.uuid": string }[]) => alerts.map((a) => a["kibana.alert.uuid"]);
    expect(ids(fromStdin)).toEqual(ids(fromFile));
    expect(ids(fromGzip)).toEqual(ids(fromFile));
  });

  it("reports malformed lines with file and line number, counts them, and goes on", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-match-"));
    const file = join(dir, "mixed.ndjson");
    const lines = [...exampleLines];
    lines.splice(3, 0, "{not json");
    lines.splice(7, 0, "[1, 2, 3]");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const result = runKuery(["match", "--stats", "--rules", seedRule, file]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`${file}:4: skipped malformed event: invalid JSON`);
    expect(result.stderr).toContain(`${file}:8: skipped malformed event: not a JSON object but an array`);
    expect(alertsOf(result.stdout)).toHaveLength(expectedSeedAlerts.length);
    const total = exampleLines.length + 2;
    const unmatched = total - expectedSeedAlerts.length - 2;
    expect(result.stderr).toContain(
      `events read ${total} = matched ${expectedSeedAlerts.length} + unmatched ${unmatched} + malformed 2`,
    );
  });

  it("stops at the first malformed line with --strict (exit 2)", () => {
    const result = runKuery(["match", "--strict", "--rules", seedRule, "-"], {
      input: '{"a":1}\nnope\n{"b":2}\n',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("<stdin>:2: invalid JSON");
  });

  it("exits 2 with one clear line for a missing event file or rule path", () => {
    const missingEvents = runKuery(["match", "--rules", seedRule, "/nonexistent/events.ndjson"]);
    expect(missingEvents.status).toBe(2);
    expect(missingEvents.stderr.trim()).toBe("kuery match: no such file: /nonexistent/events.ndjson");
    const missingRules = runKuery(["match", "--rules", "/nonexistent/rules", examples]);
    expect(missingRules.status).toBe(2);
    expect(missingRules.stderr).not.toContain("    at ");
    expect(runKuery(["match", examples]).stderr).toContain("--rules is required");
  });

  it("names the file and key of a rule that does not load", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-match-"));
    const broken = join(dir, "broken.toml");
    writeFileSync(broken, readFileSync(seedRule, "utf8").replace("event.outcome", "event.outcome:("));
    const result = runKuery(["match", "--rules", broken, examples]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(broken);
    expect(result.stderr).toContain("rule.query");
  });

  it.skipIf(!hasShared)("--index auto derives each file's index from its data-stream name", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-match-"));
    // Strip the dataset from real CloudTrail events: only the index can bring it back (ELv2 data, temp copy).
    const stripped = readFileSync(sharedPath("events", "aws.cloudtrail.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const event = JSON.parse(line);
        delete event.data_stream;
        if (event.event) delete event.event.dataset;
        return JSON.stringify(event);
      });
    cpSync(seedRule, join(dir, "rule.toml"));
    writeFileSync(join(dir, "aws.cloudtrail.ndjson"), `${stripped.join("\n")}\n`);
    const without = alertsOf(
      runKuery(["match", "--rules", join(dir, "rule.toml"), join(dir, "aws.cloudtrail.ndjson")]).stdout,
    );
    const withIndex = alertsOf(
      runKuery([
        "match",
        "--index",
        "auto",
        "--rules",
        join(dir, "rule.toml"),
        join(dir, "aws.cloudtrail.ndjson"),
      ]).stdout,
    );
    expect(without).toHaveLength(0);
    expect(withIndex.length).toBeGreaterThan(0);
    // The alert names the index; the index's constants were visible to the query but are not written
    // into the event.
    expect(withIndex[0].source._index).toBe("logs-aws.cloudtrail-default");
    expect(withIndex[0].source.event.dataset).toBeUndefined();
  });
});

describe("kuery test", () => {
  it("passes on the project's own rules and ends with the plain count line", () => {
    const result = runKuery(["test", "rules/"]);
    expect(result.status).toBe(0);
    const last = result.stdout.trim().split("\n").at(-1);
    expect(last).toMatch(/^(\d+) passed, 0 failed$/);
    expect(Number(last?.split(" ")[0])).toBeGreaterThanOrEqual(20);
  });

  it("fails with exit 1 and an explanation when a fixture expectation is wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-test-"));
    cpSync(seedRule, join(dir, "rule.toml"));
    const fixture = JSON.parse(readFileSync(seedRule.replace(".toml", ".test.json"), "utf8"));
    fixture.cases[0].expect = fixture.cases[0].expect === "match" ? "no-match" : "match";
    writeFileSync(join(dir, "rule.test.json"), JSON.stringify(fixture));
    const result = runKuery(["test", dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✗");
    expect(result.stdout).toContain(fixture.cases[0].description);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(`${fixture.cases.length - 1} passed, 1 failed`);
  });

  it("exits 2 when a fixture cannot be read", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-test-"));
    cpSync(seedRule, join(dir, "rule.toml"));
    writeFileSync(join(dir, "rule.test.json"), "{ not json");
    const result = runKuery(["test", dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("rule.test.json");
  });
});

describe("kuery check", () => {
  const ruleWith = (query: string) =>
    readFileSync(seedRule, "utf8").replace(/query = '''[\s\S]*?'''/, `query = '''\n${query}\n'''`);

  it("exits 0 on the project's own rules", () => {
    const result = runKuery(["check", "rules/"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/rules checked: 0 errors, 0 warnings/);
  });

  it("reports a warning at its file line and column, exit 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-check-"));
    const file = join(dir, "rule.toml");
    const text = ruleWith('event.dataset:aws.cloudtrail and\n  process.name:"cmd?.exe"');
    writeFileSync(file, text);
    const result = runKuery(["check", file]);
    expect(result.status).toBe(1);
    const fileLines = text.split("\n");
    const line = fileLines.findIndex((l) => l.includes('"cmd?.exe"')) + 1;
    const column = (fileLines[line - 1] as string).indexOf('"cmd?.exe"') + 1;
    expect(result.stdout).toContain(`${file}:${line}:${column}: warning KQL_LINT_QUESTION_MARK`);
  });

  it("exits 2 for a query Elasticsearch would reject, and reports JSON with --format json", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-check-"));
    const file = join(dir, "rule.toml");
    writeFileSync(file, ruleWith("source.ip:10.0.*"));
    const result = runKuery(["check", "--format", "json", file]);
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.rules).toBe(1);
    expect(report.summary.bySeverity.error).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({ file, severity: "error" });
  });

  it("exits 2 for a rule whose query does not parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-check-"));
    const file = join(dir, "rule.toml");
    writeFileSync(file, ruleWith("event.action:(a or )"));
    const result = runKuery(["check", file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("rule.query");
  });
});

describe("kuery explain", () => {
  const sessionRule = join(repoRoot, "rules", "aws_iam_virtual_mfa_registration_with_session_token.toml");
  const nearMiss = {
    event: {
      dataset: "aws.cloudtrail",
      provider: "iam.amazonaws.com",
      action: "EnableMFADevice",
      outcome: "success",
    },
    aws: { cloudtrail: { user_identity: { access_key_id: "AKIAEXAMPLE" } } },
  };

  it("marks each clause of a rule and says why the failing one failed", () => {
    const result = runKuery(["explain", "--rule", sessionRule, "--event", JSON.stringify(nearMiss)]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("did not match");
    expect(result.stdout).toMatch(/✓ event\.provider: iam\.amazonaws\.com/);
    expect(result.stdout).toMatch(/✗ aws\.cloudtrail\.user_identity\.access_key_id: ASIA\*/);
    expect(result.stdout).toContain("wildcard ASIA* does not match 'AKIAEXAMPLE'");
  });

  it("explains a query over events from stdin, as JSON with --json", () => {
    const result = runKuery(["explain", "--json", "user.name:admin", "-"], {
      input: '{"user":{"name":"Admin"}}\n{"user":{"name":"admin"}}\n',
    });
    expect(result.status).toBe(0);
    const [first, second] = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(first.result).toBe(false);
    expect(second.result).toBe(true);
    expect(JSON.stringify(first)).toContain("case differs");
  });

  it("reports a query that does not parse with exit 2", () => {
    const result = runKuery(["explain", "a:(b or )", "--event", "{}"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("expected a value");
  });
});

describe("kuery test --coverage", () => {
  it("prints a per-rule table and a total, and fails under --min-coverage", () => {
    const result = runKuery(["test", "--coverage", "rules/"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^rule\s+events\s+outcomes\s+values\s+coverage$/m);
    const total = Number(/total clause coverage ([\d.]+)% over (\d+) rules/.exec(result.stdout)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100);
    // A fixture with matching events only: no clause is ever false, so coverage is 50 % at most.
    const dir = mkdtempSync(join(tmpdir(), "kuery-coverage-"));
    cpSync(seedRule, join(dir, "rule.toml"));
    const fixture = JSON.parse(readFileSync(seedRule.replace(".toml", ".test.json"), "utf8"));
    fixture.cases = fixture.cases.filter((c: { expect: string }) => c.expect === "match");
    writeFileSync(join(dir, "rule.test.json"), JSON.stringify(fixture));
    const strict = runKuery(["test", "--min-coverage", "100", dir]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/clause coverage 50\.0% is below the minimum of 100%/);
    expect(strict.stdout).toContain("never false");
    expect(runKuery(["test", "--min-coverage", "100.1", dir]).status).toBe(2);
    expect(runKuery(["test", "--min-coverage", "0", "rules/"]).status).toBe(0);
  });
});

describe("kuery test: naming files and coverage of index cases", () => {
  it("a rule file given by name runs the fixture beside it", () => {
    const result = runKuery(["test", seedRule]);
    const fixture = JSON.parse(readFileSync(seedRule.replace(".toml", ".test.json"), "utf8"));
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(`${fixture.cases.length} passed, 0 failed`);
  });

  it("exits 2 when no fixture is found", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-test-"));
    cpSync(seedRule, join(dir, "rule.toml"));
    const result = runKuery(["test", dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("no rule fixtures");
    expect(result.stderr).toContain("no fixture for");
  });

  it("does not count events from an index the rule does not search", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuery-coverage-"));
    cpSync(seedRule, join(dir, "rule.toml"));
    const event = {
      event: {
        dataset: "aws.cloudtrail",
        provider: "iam.amazonaws.com",
        action: "DeactivateMFADevice",
        outcome: "success",
      },
    };
    const fixture = {
      cases: [
        {
          description: "right event, index the rule does not search",
          expect: "no-match",
          index: "logs-other.dataset-default",
          event,
        },
      ],
    };
    writeFileSync(join(dir, "rule.test.json"), JSON.stringify(fixture));
    const result = runKuery(["test", "--coverage-detail", dir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 events: 0 matched");
  });
});
