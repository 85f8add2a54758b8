/**
 * Many compiled rules as one: which rules match an event. compileRules indexes every rule by an
 * equality term its query requires (eval/required-terms.ts, chosen by dispatch/selectivity.ts); per
 * event the indexed fields are read once, and only the rules whose term the event carries are
 * evaluated, with the ones that have no such term. The event's index-derived constants are added once
 * per event, and field values are memoised for the duration of the call, so rules share their reads.
 *
 * The result is exactly the rules whose `matches(event, context)` is true, in the set's order.
 */
import { beginEventScope, endEventScope, hasScalarAtOrBelow, scopedCount } from "../eval/resolve.js";
import type { CompiledRule, EventContext } from "./compiled-rule.js";
import type { DataStreamTable } from "./data-streams.js";
import { buildIndexPlan, type DispatchEntry, eventView, type IndexPlan } from "./dispatch/index-plan.js";
import { chooseKey, DEFAULT_FIELD_SELECTIVITY, type Selectivity, spaceUse } from "./dispatch/selectivity.js";
import { ruleInternals } from "./rule-internals.js";

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Exactly the rules whose `matches(event, context)` is true, in the set's order. */
  match(event: object, context?: EventContext): Iterable<CompiledRule>;
}

export interface RuleSetOptions {
  /**
   * `true` (default): evaluate only the rules whose required terms the event carries. `false`: evaluate
   * every rule on every event (the same result, slower; a baseline for benchmarks and checks).
   */
  readonly dispatch?: boolean;
  /**
   * Estimated share of events carrying one given value of a field, merged over the defaults (see
   * dispatch/selectivity.ts): decides which required term a rule is indexed by.
   */
  readonly selectivity?: Readonly<Record<string, number>>;
}

/** Index names seen by one set are few (one per data stream); beyond this the plans are rebuilt. */
const MAX_INDEX_PLANS = 1024;

export function compileRules(rules: Iterable<CompiledRule>, options: RuleSetOptions = {}): RuleSet {
  const list = [...rules];
  if (options.dispatch === false) return new NaiveRuleSet(list);
  return new DispatchRuleSet(list, { ...DEFAULT_FIELD_SELECTIVITY, ...options.selectivity });
}

/** The dispatching set, whatever the options: detect() works with rule positions. */
export function dispatchRuleSet(rules: Iterable<CompiledRule> | RuleSet): DispatchRuleSet {
  if (rules instanceof DispatchRuleSet) return rules;
  const list = "match" in rules && "rules" in rules ? rules.rules : rules;
  return new DispatchRuleSet([...list], DEFAULT_FIELD_SELECTIVITY);
}

class NaiveRuleSet implements RuleSet {
  constructor(readonly rules: readonly CompiledRule[]) {}

  match(event: object, context?: EventContext): readonly CompiledRule[] {
    return this.rules.filter((rule) => rule.matches(event, context));
  }
}

export class DispatchRuleSet implements RuleSet {
  readonly rules: readonly CompiledRule[];
  private readonly entries: readonly DispatchEntry[];
  /** The data-stream table of the rules evaluated here directly (the built-in one, usually). */
  private readonly table: DataStreamTable | undefined;
  private readonly plans = new Map<string, IndexPlan>();
  private noIndexPlan: IndexPlan | undefined;
  /** Candidate bookkeeping, reused from event to event: marks[p] === stamp when p is collected. */
  private readonly marks: Int32Array;
  private readonly candidates: Int32Array;
  private readonly matched: Int32Array;
  private stamp = 0;
  /** The last index asked about and its plan: consecutive events mostly share their index. */
  private lastIndex: string | undefined;
  private lastPlan: IndexPlan | undefined;

  constructor(rules: readonly CompiledRule[], selectivity: Selectivity) {
    this.rules = rules;
    let table: DataStreamTable | undefined;
    const prepared = rules.map((rule) => {
      const internals = ruleInternals(rule);
      table ??= internals?.dataStreams;
      // Constants are added once per event, from one table; a rule with another is left to matches().
      return internals && internals.dataStreams === table ? internals : undefined;
    });
    const keys = prepared.map((internals) => internals?.requiredTerms() ?? []);
    const use = spaceUse(keys);
    this.entries = rules.map((rule, position): DispatchEntry => {
      const internals = prepared[position];
      if (!internals) return { rule, test: undefined, key: undefined };
      return { rule, test: internals.test, key: chooseKey(keys[position] ?? [], selectivity, use) };
    });
    this.table = table;
    this.marks = new Int32Array(rules.length);
    this.candidates = new Int32Array(rules.length);
    this.matched = new Int32Array(rules.length);
  }

  match(event: object, context?: EventContext): readonly CompiledRule[] {
    const count = this.matchInto(event, context);
    const out: CompiledRule[] = [];
    for (let i = 0; i < count; i++) out.push(this.rules[this.matched[i] as number] as CompiledRule);
    return out;
  }

  /** Positions of the matching rules, in order (detect() keeps per-position state: a rule listed twice is two rules). */
  matchPositions(event: object, context?: EventContext): number[] {
    const count = this.matchInto(event, context);
    return Array.from(this.matched.subarray(0, count));
  }

  /**
   * Stores the positions of the matching rules in `this.matched`, in order; returns how many. Everything
   * runs before this returns: the memo never outlives the call.
   */
  private matchInto(event: object, context: EventContext | undefined): number {
    const matched = this.matched;
    let count = 0;
    if (typeof event !== "object" || event === null) {
      // Not an event: no memo, no dispatch; each rule decides as it would alone.
      this.rules.forEach((rule, position) => {
        if (rule.matches(event, context)) matched[count++] = position;
      });
      return count;
    }
    const plan = this.planFor(context?.index);
    const outer = beginEventScope(event);
    let inner: object | undefined | null = null;
    try {
      const seen = eventView(plan, event);
      // Constants were added: a new object, so a new scope (its reads differ from the event's).
      if (seen !== event) inner = beginEventScope(seen);
      const candidateCount = this.collectCandidates(plan, seen);
      const { candidates, entries } = this;
      const always = plan.always;
      let i = 0;
      let j = 0;
      while (i < candidateCount || j < always.length) {
        const position =
          j >= always.length || (i < candidateCount && (candidates[i] as number) < (always[j] as number))
            ? (candidates[i++] as number)
            : (always[j++] as number);
        const entry = entries[position] as DispatchEntry;
        if (entry.test ? entry.test(seen) : entry.rule.matches(event, context)) matched[count++] = position;
      }
    } finally {
      if (inner !== null) endEventScope(inner);
      endEventScope(outer);
    }
    return count;
  }

  /** Positions of the rules whose key term the event carries, ascending, in `this.candidates`. */
  private collectCandidates(plan: IndexPlan, seen: object): number {
    if (this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    let count = 0;
    for (const space of plan.spaces) {
      if (space.below) {
        if (hasScalarAtOrBelow(seen, space.path.dotted)) count = this.mark(space.rules.get(""), count);
        continue;
      }
      const values = space.path.memo;
      const n = scopedCount(seen, space.path);
      for (let v = 0; v < n; v++) {
        const term = space.term(values[v] as string | number | boolean);
        if (term === undefined) continue;
        count = this.mark(space.rules.get(term), count);
      }
    }
    if (count > 1) this.candidates.subarray(0, count).sort();
    return count;
  }

  /** Adds the positions not yet collected for this event; returns the new count. */
  private mark(hits: Int32Array | undefined, count: number): number {
    if (!hits) return count;
    const { marks, candidates, stamp } = this;
    for (let h = 0; h < hits.length; h++) {
      const position = hits[h] as number;
      if (marks[position] === stamp) continue;
      marks[position] = stamp;
      candidates[count++] = position;
    }
    return count;
  }

  private planFor(index: string | undefined): IndexPlan {
    if (index === undefined) {
      this.noIndexPlan ??= buildIndexPlan(this.entries, undefined, this.table);
      return this.noIndexPlan;
    }
    if (index === this.lastIndex && this.lastPlan) return this.lastPlan;
    let plan = this.plans.get(index);
    if (!plan) {
      if (this.plans.size >= MAX_INDEX_PLANS) this.plans.clear();
      plan = buildIndexPlan(this.entries, index, this.table);
      this.plans.set(index, plan);
    }
    this.lastIndex = index;
    this.lastPlan = plan;
    return plan;
  }
}
