// Suite 2: one rule — the MFA-deactivation seed query — compiled, against a hand-written JS predicate
// over the same events. Goal: the compiled predicate at most 1.2× the hand-written one.
import { compileQuery } from "../dist/index.js";
import { syntheticEvents } from "./fixtures.mjs";
import { formatNs, measure, printTable } from "./harness.mjs";

export const QUERY =
  "event.dataset: aws.cloudtrail and event.provider: iam.amazonaws.com and event.action: DeactivateMFADevice and event.outcome: success";

/** What a careful hand would write for nested-object events (no dotted keys, no arrays). */
function handWritten(event) {
  const e = event.event;
  return (
    e !== undefined &&
    e !== null &&
    e.dataset === "aws.cloudtrail" &&
    e.provider === "iam.amazonaws.com" &&
    e.action === "DeactivateMFADevice" &&
    e.outcome === "success"
  );
}

/** Synthetic events, with a share made to match the rule (all in nested-object form). */
function events(count) {
  const list = syntheticEvents({ count, seed: 3 });
  list.forEach((event, i) => {
    if (i % 10 !== 0) return;
    for (const key of Object.keys(event)) if (key.startsWith("event.")) delete event[key];
    event.event = {
      ...event.event,
      dataset: "aws.cloudtrail",
      provider: "iam.amazonaws.com",
      action: i % 20 === 0 ? "DeactivateMFADevice" : "CreateUser",
      outcome: "success",
    };
  });
  // The hand-written predicate only reads nested objects: keep the events in that form.
  return list.map(nest);
}

function nest(event) {
  const out = {};
  for (const [key, value] of Object.entries(event)) {
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) node = node[part] ??= {};
    const last = parts[parts.length - 1];
    node[last] =
      value && typeof value === "object" && !Array.isArray(value)
        ? { ...(node[last] ?? {}), ...value }
        : value;
  }
  return out;
}

export function run() {
  const list = events(20_000);
  const compiled = compileQuery(QUERY);
  const agree = list.every((event) => compiled(event) === handWritten(event));
  const matching = list.filter(handWritten).length;
  const loop = (predicate) => () => {
    let n = 0;
    for (let i = 0; i < list.length; i++) if (predicate(list[i])) n++;
    return n;
  };
  const hand = measure(loop(handWritten), { units: list.length });
  const ours = measure(loop(compiled), { units: list.length });
  const ratio = ours / hand;
  printTable(`One rule (MFA deactivation), ${list.length} events, ${matching} matching — goal ≤ 1.2×`, [
    ["predicate", "per event", "ratio"],
    ["hand-written JS", formatNs(hand), "1.00×"],
    ["compileQuery", formatNs(ours), `${ratio.toFixed(2)}×`],
  ]);
  return {
    events: list.length,
    matching,
    agree,
    handNsPerEvent: hand,
    compiledNsPerEvent: ours,
    ratio,
    goal: 1.2,
    met: ratio <= 1.2,
  };
}
