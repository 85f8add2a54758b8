// Suite 3: every corpus kuery rule as one RuleSet over synthetic events, one core; the naive loop
// (every rule's matches() on every event) as the baseline. Goal: ≥ 250 000 events/s.
import { compileRules } from "../dist/index.js";
import { corpusSet, syntheticEvents } from "./fixtures.mjs";
import { formatNs, measure, perSecond, printTable } from "./harness.mjs";

export const EVENTS = 20_000;
export const SEED = 1;

/** Share of events matching at least one rule (and at least one `query` rule), as the rules see them. */
export function matchShare(set, events, contexts) {
  let any = 0;
  let query = 0;
  events.forEach((event, i) => {
    const matched = [...set.match(event, contexts[i])];
    if (matched.length > 0) any++;
    if (matched.some((rule) => rule.type === "query")) query++;
  });
  return { any: any / events.length, query: query / events.length };
}

export function run() {
  const { rules } = corpusSet();
  const events = syntheticEvents({ count: EVENTS, seed: SEED });
  const contexts = events.map((event) => ({ index: event._index }));
  const set = compileRules(rules);
  const naive = compileRules(rules, { dispatch: false });
  const share = matchShare(set, events, contexts);
  const loop = (ruleSet, count) => () => {
    for (let i = 0; i < count; i++) ruleSet.match(events[i], contexts[i]);
  };
  const ours = measure(loop(set, events.length), { units: events.length });
  // The naive loop is slow: a slice of the same events keeps the suite short.
  const naiveCount = 2_000;
  const baseline = measure(loop(naive, naiveCount), { units: naiveCount, rounds: 5 });
  const speedup = baseline / ours;
  printTable(
    `All ${rules.length} corpus rules as one RuleSet, ${events.length} synthetic events ` +
      `(${(share.query * 100).toFixed(2)} % match a query rule, ${(share.any * 100).toFixed(2)} % any rule) — goal ≥ 250 000 events/s`,
    [
      ["evaluation", "per event", "events/s", "ratio"],
      [
        "RuleSet (dispatch index)",
        formatNs(ours),
        perSecond(ours).toLocaleString("en"),
        `${speedup.toFixed(1)}× faster`,
      ],
      ["naive loop (every rule)", formatNs(baseline), perSecond(baseline).toLocaleString("en"), "1.00×"],
    ],
  );
  return {
    rules: rules.length,
    events: events.length,
    seed: SEED,
    matchShareQuery: share.query,
    matchShareAny: share.any,
    nsPerEvent: ours,
    eventsPerSecond: perSecond(ours),
    naiveNsPerEvent: baseline,
    naiveEventsPerSecond: perSecond(baseline),
    speedupOverNaive: speedup,
    goal: 250_000,
    met: perSecond(ours) >= 250_000,
  };
}
