/**
 * vitest matchers for detection rules (`kuery-engine/vitest`). Import once in a test file or setup file:
 *
 *   import "kuery-engine/vitest";
 *   expect(rule).toMatchEvent(event);
 *   expect(rule).not.toMatchEvent(event, { index: "logs-aws.cloudtrail-default" });
 *   await expect(rule).toAlertOn(events, 2);
 *
 * Failure messages print why the rule did or did not match (index, query, each filter).
 */
import { expect } from "vitest";
import type { CompiledRule, EventContext } from "./rules/compiled-rule.js";
import type { Alert } from "./rules/detect/alert-types.js";
import { type DetectOptions, detect, type EventSource } from "./rules/detect/detect.js";
import { formatExplanation } from "./rules/fixtures/run.js";

function isCompiledRule(value: unknown): value is CompiledRule {
  return (
    typeof value === "object" && value !== null && "matches" in value && "explain" in value && "spec" in value
  );
}

function notARule(received: unknown) {
  return {
    pass: false,
    message: () => `expected a CompiledRule (from compileRule / loadRules), got ${typeof received}`,
  };
}

expect.extend({
  toMatchEvent(received: unknown, event: object, context?: EventContext) {
    if (!isCompiledRule(received)) return notARule(received);
    const pass = received.matches(event, context);
    const why = () => formatExplanation(received.explain(event, context)).join("\n");
    return {
      pass,
      message: () =>
        `expected rule "${received.name}" ${pass ? "not " : ""}to match the event\n${why()}\nevent: ${JSON.stringify(event)}`,
    };
  },

  async toAlertOn(received: unknown, events: EventSource, expected: number, options?: DetectOptions) {
    if (!isCompiledRule(received)) return notARule(received);
    const alerts: Alert[] = [];
    for await (const alert of detect([received], events, options)) alerts.push(alert);
    const pass = alerts.length === expected;
    return {
      pass,
      message: () =>
        `expected rule "${received.name}" ${pass ? "not " : ""}to raise ${expected} alert(s), it raised ${alerts.length}` +
        (alerts.length > 0
          ? `\nreasons:\n${alerts.map((a) => `  ${a["kibana.alert.reason"]}`).join("\n")}`
          : ""),
    };
  },
});

export interface RuleMatchers<R = unknown> {
  /** The rule's query and filters (and, with `context.index`, its index patterns) accept the event. */
  toMatchEvent(event: object, context?: EventContext): R;
  /** detect() over the events raises exactly `count` alerts. Returns a promise: `await` it. */
  toAlertOn(events: EventSource, count: number, options?: DetectOptions): Promise<R>;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration
  interface Matchers<T = any> extends RuleMatchers<T> {}
}
