import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileQuery } from "../src/eval/index.js";
import { hasShared, sharedPath } from "./helpers/shared.js";

type Event = Record<string, unknown>;

/** Plain nested-object access, independent of the engine's resolver (these events use nested objects). */
function get(event: Event, path: string): unknown {
  let node: unknown = event;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const events: Event[] = hasShared
  ? readFileSync(sharedPath("events", "aws.cloudtrail.ndjson"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Event)
  : [];

const DEACTIVATE_MFA =
  "event.dataset: aws.cloudtrail and event.provider: iam.amazonaws.com and event.action: DeactivateMFADevice and event.outcome: success";
const MFA_WITH_TEMPORARY_KEY =
  'event.dataset: aws.cloudtrail and event.provider: iam.amazonaws.com and event.action: ("CreateVirtualMFADevice" or "EnableMFADevice") and aws.cloudtrail.user_identity.access_key_id: ASIA*';

const isIamCloudTrail = (e: Event) =>
  get(e, "event.dataset") === "aws.cloudtrail" && get(e, "event.provider") === "iam.amazonaws.com";
const expectDeactivate = (e: Event) =>
  isIamCloudTrail(e) &&
  get(e, "event.action") === "DeactivateMFADevice" &&
  get(e, "event.outcome") === "success";
const expectTemporaryKey = (e: Event) => {
  const action = get(e, "event.action");
  const key = get(e, "aws.cloudtrail.user_identity.access_key_id");
  return (
    isIamCloudTrail(e) &&
    (action === "CreateVirtualMFADevice" || action === "EnableMFADevice") &&
    typeof key === "string" &&
    key.startsWith("ASIA")
  );
};

/** A deep copy of an event with one dotted path replaced. */
function withValue(event: Event, path: string, value: unknown): Event {
  const copy = structuredClone(event);
  const keys = path.split(".");
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
  return copy;
}

function indicesMatching(events: readonly Event[], predicate: (e: Event) => boolean): number[] {
  return events.flatMap((e, i) => (predicate(e) ? [i] : []));
}

describe.skipIf(!hasShared)(
  "seed rules on real CloudTrail events (built-in ECS + integration schema)",
  () => {
    it("loads the event file", () => {
      expect(events.length).toBeGreaterThan(10);
    });

    it("MFA device deactivation matches exactly the events with those field values", () => {
      const rule = compileQuery(DEACTIVATE_MFA);
      const expected = indicesMatching(events, expectDeactivate);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(events.length);
      expect(indicesMatching(events, rule)).toEqual(expected);
    });

    it("MFA device deactivation: near misses do not match", () => {
      const rule = compileQuery(DEACTIVATE_MFA);
      const hit = events.find(expectDeactivate) as Event;
      expect(rule(hit)).toBe(true);
      expect(rule(withValue(hit, "event.outcome", "failure"))).toBe(false);
      expect(rule(withValue(hit, "event.provider", "sts.amazonaws.com"))).toBe(false);
      expect(rule(withValue(hit, "event.action", "deactivatemfadevice"))).toBe(false);
      expect(rule(withValue(hit, "event.dataset", "aws.cloudtrail.x"))).toBe(false);
    });

    it("MFA registration with a temporary key matches exactly the expected events, real and derived", () => {
      const rule = compileQuery(MFA_WITH_TEMPORARY_KEY);
      // The shipped events carry no ASIA key; derive temporary-key variants of the real MFA events.
      const mfaEvents = events.filter(
        (e) =>
          isIamCloudTrail(e) &&
          ["CreateVirtualMFADevice", "EnableMFADevice"].includes(String(get(e, "event.action"))),
      );
      expect(mfaEvents.length).toBeGreaterThanOrEqual(2);
      const derived = mfaEvents.map((e) =>
        withValue(e, "aws.cloudtrail.user_identity.access_key_id", "ASIAY34FZKBOKMUTVV7A"),
      );
      const all = [...events, ...derived];
      const expected = indicesMatching(all, expectTemporaryKey);
      expect(expected.length).toBe(derived.length);
      expect(indicesMatching(all, rule)).toEqual(expected);
    });

    it("MFA registration with a temporary key: near misses do not match", () => {
      const rule = compileQuery(MFA_WITH_TEMPORARY_KEY);
      const base = events.find((e) => get(e, "event.action") === "EnableMFADevice") as Event;
      const hit = withValue(base, "aws.cloudtrail.user_identity.access_key_id", "ASIAY34FZKBOKMUTVV7A");
      expect(rule(hit)).toBe(true);
      expect(rule(withValue(hit, "aws.cloudtrail.user_identity.access_key_id", "AKIAY34FZKBOKMUTVV7A"))).toBe(
        false,
      );
      expect(rule(withValue(hit, "aws.cloudtrail.user_identity.access_key_id", "asiay34fzkbokmutvv7a"))).toBe(
        false,
      );
      expect(rule(withValue(hit, "event.provider", "sts.amazonaws.com"))).toBe(false);
      expect(rule(withValue(hit, "event.action", "DeactivateMFADevice"))).toBe(false);
      expect(rule(withValue(hit, "aws.cloudtrail.user_identity", {}))).toBe(false);
    });
  },
);
