/**
 * A rule set's dispatch index for one index name (or for events without one): the rules that apply
 * there, grouped by the term each requires, the rules that must be evaluated on every event, and the
 * index's constant fields. Built once per distinct index name, then reused for every event from it.
 */
import { keywordIndexer } from "../../eval/operators/keyword.js";
import type { TermAlternatives, TermSpace } from "../../eval/required-terms.js";
import { compilePath, type FieldPath, hasScalar, type Scalar, scopedCount } from "../../eval/resolve.js";
import type { CompiledRule } from "../compiled-rule.js";
import { type DataStreamTable, indexConstants } from "../data-streams.js";
import type { EventPredicate } from "../engine.js";

/** One rule of the set, as compileRules prepared it. */
export interface DispatchEntry {
  readonly rule: CompiledRule;
  /**
   * Query AND filters on the constants-augmented event. Undefined: evaluated through `rule.matches`
   * (a rule compileRule did not make, or one taking constants from another table).
   */
  readonly test: EventPredicate | undefined;
  /** The chosen required terms; undefined: evaluated on every event. */
  readonly key: TermAlternatives | undefined;
}

/** The rules requiring some term of one term space. */
export interface SpaceIndex {
  /** `below`: the one term "" when some scalar sits at or below the path (not memoised: one walk). */
  readonly below: boolean;
  /** Interned: shares its per-event memo with every compiled query reading the same path. */
  readonly path: FieldPath;
  readonly term: (value: Scalar) => string | undefined;
  /** term → positions of the rules requiring it, ascending. */
  readonly rules: ReadonlyMap<string, Int32Array>;
}

export interface IndexPlan {
  readonly spaces: readonly SpaceIndex[];
  /** Positions evaluated on every event, ascending. */
  readonly always: Int32Array;
  /** Constant fields of the index (for the entries with a test); undefined: none. */
  readonly constants: readonly IndexConstant[] | undefined;
}

interface IndexConstant {
  readonly field: string;
  readonly path: FieldPath;
  readonly value: string;
}

/**
 * The event as the rules with a test see it: `withConstants` (data-streams.ts) with the constants'
 * paths compiled once per index, so checking which ones the event lacks allocates nothing.
 */
export function eventView(plan: IndexPlan, event: object): object {
  const constants = plan.constants;
  if (!constants) return event;
  let added: Record<string, string> | undefined;
  for (const constant of constants) {
    // Inside the event's scope the check is a memoised read that the rules then reuse.
    const count = scopedCount(event, constant.path);
    if (count < 0 ? hasScalar(event, constant.path) : count > 0) continue;
    added ??= {};
    added[constant.field] = constant.value;
  }
  return added ? { ...event, ...added } : event;
}

const EXISTS = (): string => "";

export function buildIndexPlan(
  entries: readonly DispatchEntry[],
  index: string | undefined,
  table: DataStreamTable | undefined,
): IndexPlan {
  const spaces = new Map<string, { space: TermSpace; rules: Map<string, number[]> }>();
  const always: number[] = [];
  entries.forEach((entry, position) => {
    if (!entry.test || !entry.key) {
      // Without a test, rule.matches checks the index itself.
      if (!entry.test || index === undefined || entry.rule.appliesToIndex(index)) always.push(position);
      return;
    }
    if (index !== undefined && !entry.rule.appliesToIndex(index)) return;
    for (const { space, term } of entry.key) {
      let group = spaces.get(space.id);
      if (!group) {
        group = { space, rules: new Map() };
        spaces.set(space.id, group);
      }
      const list = group.rules.get(term);
      // A rule may list a term twice (`a: x or a: x`); positions arrive in ascending order.
      if (!list) group.rules.set(term, [position]);
      else if (list[list.length - 1] !== position) list.push(position);
    }
  });
  const constants = index === undefined || !table ? [] : Object.entries(indexConstants(index, table));
  return {
    spaces: [...spaces.values()].map((group) => ({
      below: group.space.kind === "below",
      path: compilePath(group.space.path),
      term: group.space.kind !== "term" ? EXISTS : keywordIndexer(group.space.ignoreAbove, group.space.lower),
      rules: new Map([...group.rules].map(([term, list]) => [term, Int32Array.from(list)])),
    })),
    always: Int32Array.from(always),
    constants:
      constants.length > 0
        ? constants.map(([field, value]) => ({ field, path: compilePath(field), value }))
        : undefined,
  };
}
