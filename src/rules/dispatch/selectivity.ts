/**
 * Which of a rule's required terms to index it by. The cost of a key is an estimate of the share of
 * events it lets through: the sum, over its alternative terms, of the share of events that carry one
 * given value of the field. Generic, low-cardinality fields (`event.category: process`) pass many
 * events; `event.action` or a process name pass few. Unlisted fields count as specific.
 */
import type { TermAlternatives } from "../../eval/required-terms.js";

/** Estimated share of events carrying one given value of the field (lower: more selective). */
export const DEFAULT_FIELD_SELECTIVITY: Readonly<Record<string, number>> = Object.freeze({
  "event.action": 0.01,
  "event.provider": 0.03,
  "event.code": 0.05,
  "event.category": 0.15,
  "event.type": 0.2,
  "data_stream.dataset": 0.2,
  "event.dataset": 0.2,
  "event.module": 0.25,
  "host.os.type": 0.3,
  "host.os.family": 0.3,
  "host.os.platform": 0.3,
  "host.os.name": 0.3,
  "cloud.provider": 0.3,
  "network.direction": 0.3,
  "network.transport": 0.3,
  "network.protocol": 0.3,
  "event.outcome": 0.4,
  "event.kind": 0.5,
  "agent.type": 0.5,
  "data_stream.type": 0.9,
  "data_stream.namespace": 0.9,
});

/** Fields not in the table: names such as `process.name` or `winlog.event_id` single out few events. */
const SPECIFIC_FIELD = 0.02;

/** "The field has a value": most events of the data sources that have the field at all. */
const PRESENCE = 0.9;

/**
 * Reading one more field per event costs about as much as evaluating a rule on this share of events:
 * a key in a field no other rule is indexed by must be that much more selective to be worth it.
 */
const FIELD_READ = 0.1;

export type Selectivity = Readonly<Record<string, number>>;

/** How many rules of the set could be indexed under each term space (spaces shared are read once). */
export function spaceUse(keysPerRule: readonly (readonly TermAlternatives[])[]): Map<string, number> {
  const use = new Map<string, number>();
  for (const keys of keysPerRule) {
    const spaces = new Set<string>();
    for (const key of keys) for (const term of key) spaces.add(term.space.id);
    for (const id of spaces) use.set(id, (use.get(id) ?? 0) + 1);
  }
  return use;
}

function keyCost(key: TermAlternatives, selectivity: Selectivity, use: ReadonlyMap<string, number>): number {
  let cost = 0;
  const spaces = new Set<string>();
  // The field's own name, not its value path: `.caseless` reads process.name and is as selective.
  for (const term of key) {
    cost += term.space.kind !== "term" ? PRESENCE : (selectivity[term.field] ?? SPECIFIC_FIELD);
    spaces.add(term.space.id);
  }
  for (const id of spaces) cost += FIELD_READ / (use.get(id) ?? 1);
  return cost;
}

/**
 * The key to index a rule by, or undefined when it has none. A key with no alternatives (a conjunct that
 * can never hold) costs nothing: the rule is never a candidate.
 */
export function chooseKey(
  keys: readonly TermAlternatives[],
  selectivity: Selectivity,
  use: ReadonlyMap<string, number> = new Map(),
): TermAlternatives | undefined {
  let best: TermAlternatives | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const key of keys) {
    const cost = keyCost(key, selectivity, use);
    if (cost < bestCost || (cost === bestCost && best !== undefined && key.length < best.length)) {
      best = key;
      bestCost = cost;
    }
  }
  // Evaluating the rule on every event costs 1 in these units: a key costing as much is not worth it
  // (e.g. presence of a field no other rule reads: checking it is evaluating the rule's first clause).
  return best;
}
