import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import "../src/vitest.js";
import { compileRule } from "../src/rules/index.js";
import { loadRules } from "../src/rules/node.js";
import { repoRoot } from "./helpers/shared.js";

const rule = compileRule({
  rule_id: "m",
  name: "Matcher rule",
  type: "query",
  severity: "low",
  risk_score: 1,
  query: "event.action: DeleteTrail",
  index: ["logs-aws.cloudtrail-*"],
});

describe("vitest matchers", () => {
  it("toMatchEvent and .not.toMatchEvent", () => {
    expect(rule).toMatchEvent({ event: { action: "DeleteTrail" } });
    expect(rule).not.toMatchEvent({ event: { action: "CreateTrail" } });
    expect(rule).not.toMatchEvent(
      { event: { action: "DeleteTrail" } },
      { index: "logs-okta.system-default" },
    );
  });

  it("a failing toMatchEvent prints the per-clause explanation", () => {
    let message = "";
    try {
      expect(rule).toMatchEvent(
        { event: { action: "CreateTrail" } },
        { index: "logs-aws.cloudtrail-default" },
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('expected rule "Matcher rule" to match the event');
    expect(message).toContain("query did not match:");
    expect(message).toMatch(/✗ event\.action: DeleteTrail/);
    expect(message).toContain("no value equals 'DeleteTrail'; event.action is 'CreateTrail'");
    expect(message).toContain("index logs-aws.cloudtrail-default: covered");
  });

  it("toAlertOn counts alerts (async)", async () => {
    await expect(rule).toAlertOn([{ event: { action: "DeleteTrail" } }, { event: { action: "x" } }], 1);
    await expect(rule).not.toAlertOn([{ event: { action: "x" } }], 1);
    await expect(expect(rule).toAlertOn([], 2)).rejects.toThrow(/to raise 2 alert\(s\), it raised 0/);
  });

  it("the seed rules alert on examples/cloudtrail.ndjson", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(resolve(repoRoot, "examples", "cloudtrail.ndjson"), "utf8");
    const events = text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as object);
    expect(events.length).toBeGreaterThanOrEqual(20);
    const [deactivation] = await loadRules(resolve(repoRoot, "rules", "aws_iam_mfa_device_deactivated.toml"));
    const [registration] = await loadRules(
      resolve(repoRoot, "rules", "aws_iam_virtual_mfa_registration_with_session_token.toml"),
    );
    // Two successful IAM deactivations; the failed one and the SSO one do not count.
    await expect(deactivation).toAlertOn(events, 2);
    // ASIA-key create + enable; the AKIA, lower-case asia and Identity Center events do not count.
    await expect(registration).toAlertOn(events, 2);
  });
});
