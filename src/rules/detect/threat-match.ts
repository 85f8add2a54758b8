/**
 * threat_match (indicator match) rules: an event that matches the rule's query alerts when at least one
 * indicator document matches it on a `threat_mapping` group — every entry of the group holds (AND), any
 * group will do (OR). An entry holds when the event's `field` and the indicator's `value` field share a
 * value (keyword comparison); a negated entry holds when they share none. Indicators are the documents
 * given to detect() as `indicators`, kept when they pass the rule's threat_query, threat_filters and
 * (when they carry `_index`) threat_index. The alert lists every matching indicator in
 * `threat.enrichments`, as Kibana does.
 */
import type { CompiledRule } from "../compiled-rule.js";
import { keywordValues } from "../field-values.js";
import { isPlainObject } from "../source.js";
import type { ThreatMappingEntry } from "../spec.js";
import { commonAlertFields } from "./alert-build.js";
import type { ThreatEnrichment, ThreatMatchAlert } from "./alert-types.js";
import type { EventAlertBuilder } from "./event-alerts.js";

interface IndexedGroup {
  /** The first positive entry: its indicator values index the indicators. */
  readonly key: ThreatMappingEntry;
  readonly rest: readonly ThreatMappingEntry[];
  readonly byValue: Map<string, object[]>;
}

export function threatMatchAlertBuilder(
  rule: CompiledRule,
  indicators: readonly object[],
  indicatorIndex: string | undefined,
): EventAlertBuilder {
  if (rule.spec.type !== "threat_match" || !rule.threatQuery) {
    throw new Error(`rule ${rule.id} is not a threat_match rule`);
  }
  const spec = rule.spec.threatMatch;
  const threatQuery = rule.threatQuery;
  const usable = indicators.filter((doc) => {
    const index = indexOf(doc) ?? indicatorIndex;
    return threatQuery.matches(doc, index === undefined ? undefined : { index });
  });
  const groups: IndexedGroup[] = spec.mapping.map(({ entries }) => {
    const key = entries.find((entry) => !entry.negate) as ThreatMappingEntry;
    const byValue = new Map<string, object[]>();
    for (const doc of usable) {
      for (const value of new Set(keywordValues(doc, key.value))) {
        const list = byValue.get(value);
        if (list) list.push(doc);
        else byValue.set(value, [doc]);
      }
    }
    return { key, rest: entries.filter((entry) => entry !== key), byValue };
  });

  return (item, createdAt): ThreatMatchAlert | undefined => {
    const enrichments = enrich(item.seen, groups, spec.indicatorPath, indicatorIndex);
    if (enrichments.length === 0) return undefined;
    return {
      ...commonAlertFields({
        rule,
        event: item.seen,
        createdAt,
        originalTime: item.time,
        reasonKind: `event matching ${enrichments.length} indicator${enrichments.length === 1 ? "" : "s"}`,
        idParts: [item.index ?? "", item.id],
        ancestors: [{ id: item.id, index: item.index ?? "", type: "event", depth: 0 }],
      }),
      "kibana.alert.rule.type": "threat_match",
      "threat.enrichments": enrichments,
      source: item.index === undefined ? item.event : { ...item.event, _index: item.index },
    };
  };
}

function enrich(
  event: object,
  groups: readonly IndexedGroup[],
  indicatorPath: string,
  defaultIndex: string | undefined,
): ThreatEnrichment[] {
  const enrichments: ThreatEnrichment[] = [];
  // Two groups may share their key entry: one enrichment per indicator, field and value.
  const seen = new Map<object, Set<string>>();
  for (const group of groups) {
    for (const atomic of new Set(keywordValues(event, group.key.field))) {
      for (const doc of group.byValue.get(atomic) ?? []) {
        if (!group.rest.every((entry) => entryHolds(event, doc, entry))) continue;
        const pair = `${group.key.field}\u0000${atomic}`;
        const pairs = seen.get(doc) ?? new Set<string>();
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        seen.set(doc, pairs);
        const id = (doc as { _id?: unknown })._id;
        enrichments.push({
          indicator: valueAt(doc, indicatorPath),
          matched: {
            atomic,
            field: group.key.field,
            id: typeof id === "string" ? id : undefined,
            index: indexOf(doc) ?? defaultIndex,
            type: "indicator_match_rule",
          },
        });
      }
    }
  }
  return enrichments;
}

function entryHolds(event: object, indicator: object, entry: ThreatMappingEntry): boolean {
  const eventValues = new Set(keywordValues(event, entry.field));
  const shared = keywordValues(indicator, entry.value).some((value) => eventValues.has(value));
  return entry.negate ? !shared : shared;
}

function indexOf(doc: object): string | undefined {
  const index = (doc as { _index?: unknown })._index;
  return typeof index === "string" ? index : undefined;
}

/** The object at a dotted path (`threat.indicator`), through nested objects or dotted keys. */
function valueAt(doc: object, path: string): unknown {
  const parts = path.split(".");
  const walk = (node: unknown, start: number): unknown => {
    if (start === parts.length) return node;
    if (!isPlainObject(node)) return undefined;
    let key = "";
    for (let end = start; end < parts.length; end++) {
      key = end === start ? (parts[end] ?? "") : `${key}.${parts[end] ?? ""}`;
      if (Object.hasOwn(node, key)) {
        const found = walk(node[key], end + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(doc, 0);
}
