/**
 * threshold rules. Each execution (windows.ts) groups the matching events of its window by the values
 * of `threshold.field` (0–3 fields; an event with an array value joins one group per value, an event
 * missing a field joins none, as Elasticsearch's terms aggregation does), and alerts on each group with
 * at least `threshold.value` events and, per `cardinality` entry, at least that many distinct values.
 * Like Kibana's signal history, events at or before a group's previous alert are not counted again, so
 * overlapping windows do not repeat an alert. At most `max_signals` groups alert per execution, the
 * largest first.
 */
import type { CompiledRule } from "../compiled-rule.js";
import { keywordValues } from "../field-values.js";
import type { ThresholdSpec } from "../spec.js";
import { commonAlertFields } from "./alert-build.js";
import type { Alert, ThresholdAlert } from "./alert-types.js";
import { WindowedRunner } from "./runner.js";
import type { MatchedItem } from "./stream-item.js";
import { isoTime } from "./timestamps.js";
import type { TimedItem } from "./windows.js";

interface Group {
  readonly values: readonly string[];
  readonly items: TimedItem[];
}

/** Every combination of the fields' values: `[a,b] × [c]` → `[a,c], [b,c]`; none when a field is missing. */
export function valueCombinations(event: object, fields: readonly string[]): string[][] {
  let combos: string[][] = [[]];
  for (const field of fields) {
    const values = [...new Set(keywordValues(event, field))];
    if (values.length === 0) return [];
    combos = combos.flatMap((combo) => values.map((value) => [...combo, value]));
  }
  return combos;
}

export class ThresholdRunner extends WindowedRunner {
  /** Per group key: time of the newest event counted in the group's last alert. */
  private readonly lastAlerted = new Map<string, number>();
  private readonly threshold: ThresholdSpec;

  constructor(
    private readonly rule: CompiledRule,
    onNoTime: (item: MatchedItem) => void,
    onLate: (item: TimedItem) => void,
  ) {
    super(rule, onNoTime, onLate);
    if (rule.spec.type !== "threshold") throw new Error(`rule ${rule.id} is not a threshold rule`);
    this.threshold = rule.spec.threshold;
  }

  protected execute(at: number, windowStart: number, items: readonly TimedItem[]): Alert[] {
    const groups = new Map<string, Group>();
    for (const item of items) {
      for (const values of valueCombinations(item.seen, this.threshold.field)) {
        const key = JSON.stringify(values);
        const since = this.lastAlerted.get(key);
        if (since !== undefined && item.time <= since) continue;
        let group = groups.get(key);
        if (!group) {
          group = { values, items: [] };
          groups.set(key, group);
        }
        group.items.push(item);
      }
    }
    const qualifying = [...groups.entries()]
      .map(([key, group]) => ({ key, group, cardinality: this.cardinality(group) }))
      .filter(({ group, cardinality }) => {
        if (group.items.length < this.threshold.value) return false;
        return this.threshold.cardinality.every((c, i) => (cardinality[i] ?? 0) >= c.value);
      })
      .sort((a, b) => b.group.items.length - a.group.items.length)
      .slice(0, this.rule.maxSignals);

    return qualifying.map(({ key, group, cardinality }) => {
      const newest = Math.max(...group.items.map((item) => item.time));
      const previous = this.lastAlerted.get(key);
      this.lastAlerted.set(key, newest);
      return this.alert(at, windowStart, previous, group, cardinality, newest);
    });
  }

  private cardinality(group: Group): number[] {
    return this.threshold.cardinality.map(({ field }) => {
      const distinct = new Set<string>();
      for (const item of group.items)
        for (const value of keywordValues(item.seen, field)) distinct.add(value);
      return distinct.size;
    });
  }

  private alert(
    at: number,
    windowStart: number,
    previous: number | undefined,
    group: Group,
    cardinality: number[],
    newest: number,
  ): ThresholdAlert {
    const terms = this.threshold.field.map((field, i) => ({ field, value: group.values[i] as string }));
    const from = previous === undefined ? windowStart : Math.max(windowStart, previous + 1);
    const described = terms.map((t) => `${t.field}=${t.value}`).join(", ");
    const common = commonAlertFields({
      rule: this.rule,
      event: undefined,
      createdAt: at,
      originalTime: newest,
      reasonKind: `${group.items.length} events${described ? ` with ${described}` : ""}`,
      idParts: [String(at), ...group.values],
      ancestors: group.items.map((item) => ({
        id: item.id,
        index: item.index ?? "",
        type: "event",
        depth: 0,
      })),
    });
    return {
      ...common,
      "kibana.alert.rule.type": "threshold",
      "kibana.alert.threshold_result": {
        terms,
        ...(this.threshold.cardinality.length > 0
          ? {
              cardinality: this.threshold.cardinality.map((c, i) => ({
                field: c.field,
                value: cardinality[i] ?? 0,
              })),
            }
          : {}),
        count: group.items.length,
        from: isoTime(from),
      },
      source: Object.fromEntries(terms.map((t) => [t.field, t.value])),
    };
  }
}
