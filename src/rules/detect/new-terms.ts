/**
 * new_terms rules, over event time: an event alerts for each combination of its `new_terms` field values
 * that no earlier matching event had within `history_window_start` before it (the window
 * [t − history, t] counts as seen, both ends inclusive). History comes from earlier events of the same
 * stream and from the optional `history` source (same query, filters and index checks, never alerting).
 *
 * Kibana asks the same question once per execution window (is a term of the last `from` minutes absent
 * from [history start, window start)?); measuring from the event instead of the window start differs
 * by at most the rule's lookback and makes each alert depend on the events alone. Events should arrive
 * in time order: a term first seen later in time but earlier in the stream counts as seen.
 */
import type { CompiledRule } from "../compiled-rule.js";
import { parseLookback } from "../duration.js";
import type { NewTermsSpec } from "../spec.js";
import { commonAlertFields } from "./alert-build.js";
import type { Alert, NewTermsAlert } from "./alert-types.js";
import type { RuleRunner } from "./runner.js";
import type { MatchedItem } from "./stream-item.js";
import { valueCombinations } from "./threshold.js";

export class NewTermsRunner implements RuleRunner {
  /** Per combination: the latest time it was seen. */
  private readonly seen = new Map<string, number>();
  private readonly spec: NewTermsSpec;
  private readonly historyMs: number;

  constructor(
    private readonly rule: CompiledRule,
    private readonly onNoTime: (item: MatchedItem) => void,
  ) {
    if (rule.spec.type !== "new_terms") throw new Error(`rule ${rule.id} is not a new_terms rule`);
    this.spec = rule.spec.newTerms;
    this.historyMs = parseLookback(this.spec.historyWindowStart) as number;
  }

  /** An event from the history source: remembered, never alerted on. */
  remember(item: MatchedItem): void {
    if (item.time === undefined) {
      this.onNoTime(item);
      return;
    }
    for (const combo of valueCombinations(item.seen, this.spec.fields))
      this.record(JSON.stringify(combo), item.time);
  }

  accept(item: MatchedItem): Alert[] {
    const time = item.time;
    if (time === undefined) {
      this.onNoTime(item);
      return [];
    }
    const alerts: Alert[] = [];
    for (const combo of valueCombinations(item.seen, this.spec.fields)) {
      const key = JSON.stringify(combo);
      const last = this.seen.get(key);
      const isNew = last === undefined || last < time - this.historyMs;
      this.record(key, time);
      if (isNew) alerts.push(this.alert(item, time, combo));
    }
    return alerts;
  }

  finish(): Alert[] {
    return [];
  }

  private record(key: string, time: number): void {
    const last = this.seen.get(key);
    if (last === undefined || time > last) this.seen.set(key, time);
  }

  private alert(item: MatchedItem, time: number, combo: readonly string[]): NewTermsAlert {
    const described = this.spec.fields.map((field, i) => `${field}=${combo[i] ?? ""}`).join(", ");
    return {
      ...commonAlertFields({
        rule: this.rule,
        event: item.seen,
        createdAt: time,
        originalTime: time,
        reasonKind: `new terms ${described} in event`,
        idParts: [item.index ?? "", item.id, ...combo],
        ancestors: [{ id: item.id, index: item.index ?? "", type: "event", depth: 0 }],
      }),
      "kibana.alert.rule.type": "new_terms",
      "kibana.alert.new_terms": combo,
      source: item.index === undefined ? item.event : { ...item.event, _index: item.index },
    };
  }
}
