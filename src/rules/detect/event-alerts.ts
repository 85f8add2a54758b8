/**
 * query and threat_match rules: one alert per matching event. In a stream run every match alerts at
 * once. In a windowed run the rule's executions are replayed (windows.ts) and each execution alerts on
 * at most `max_signals` events not alerted before, oldest first, as Kibana's search does; the rest wait
 * for the next execution whose window still holds them (windows overlap when `from` exceeds `interval`).
 */
import type { CompiledRule } from "../compiled-rule.js";
import { commonAlertFields } from "./alert-build.js";
import type { Alert, QueryAlert } from "./alert-types.js";
import { type RuleRunner, WindowedRunner } from "./runner.js";
import type { MatchedItem } from "./stream-item.js";
import type { TimedItem } from "./windows.js";

/** Builds the alert for one matched event at a creation time; undefined when the event does not alert. */
export type EventAlertBuilder = (item: MatchedItem, createdAt: number) => Alert | undefined;

export function queryAlertBuilder(rule: CompiledRule): EventAlertBuilder {
  return (item, createdAt): QueryAlert => ({
    ...commonAlertFields({
      rule,
      event: item.seen,
      createdAt,
      originalTime: item.time,
      reasonKind: "event",
      idParts: [item.index ?? "", item.id],
      ancestors: [{ id: item.id, index: item.index ?? "", type: "event", depth: 0 }],
    }),
    "kibana.alert.rule.type": "query",
    source: item.index === undefined ? item.event : { ...item.event, _index: item.index },
  });
}

export class StreamEventRunner implements RuleRunner {
  constructor(private readonly build: EventAlertBuilder) {}

  accept(item: MatchedItem): Alert[] {
    // Stream runs have no execution time: the alert is stamped with the event's own time (or now).
    const alert = this.build(item, item.time ?? Date.now());
    return alert ? [alert] : [];
  }

  finish(): Alert[] {
    return [];
  }
}

export class WindowedEventRunner extends WindowedRunner {
  private readonly alerted = new Set<number>();

  constructor(
    private readonly rule: CompiledRule,
    private readonly build: EventAlertBuilder,
    onNoTime: (item: MatchedItem) => void,
    onLate: (item: TimedItem) => void,
  ) {
    super(rule, onNoTime, onLate);
  }

  protected execute(at: number, _windowStart: number, items: readonly TimedItem[]): Alert[] {
    const rule = this.rule;
    const alerts: Alert[] = [];
    for (const item of items) {
      if (alerts.length >= rule.maxSignals) break;
      if (this.alerted.has(item.seq)) continue;
      const alert = this.build(item, at);
      // An event that cannot alert (a threat_match event without indicators) takes no slot.
      if (!alert) continue;
      this.alerted.add(item.seq);
      alerts.push(alert);
    }
    return alerts;
  }
}
