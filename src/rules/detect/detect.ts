/**
 * detect(): runs rules over a stream of events and yields alerts (docs/alerts.md describes them and the
 * execution model). The rules form one RuleSet: per event it finds the rules whose index patterns cover
 * the event's index and whose query and filters match (without evaluating the others); only those are
 * offered the event, and the rule type's runner decides whether and when that becomes an alert.
 */
import type { MalformedEvent } from "../../events/ndjson.js";
import { eventStream } from "../../events/source.js";
import type { CompiledRule, EventContext } from "../compiled-rule.js";
import { type DispatchRuleSet, dispatchRuleSet, type RuleSet } from "../rule-set.js";
import type { Alert } from "./alert-types.js";
import { queryAlertBuilder, StreamEventRunner, WindowedEventRunner } from "./event-alerts.js";
import { NewTermsRunner } from "./new-terms.js";
import type { RuleRunner } from "./runner.js";
import type { MatchedItem, SkippedEvent, StreamItem } from "./stream-item.js";
import { threatMatchAlertBuilder } from "./threat-match.js";
import { ThresholdRunner } from "./threshold.js";
import { ruleTime } from "./timestamps.js";

/** Event objects, or NDJSON text chunks (strings or bytes): arrays, iterables, async iterables, Node streams. */
export type EventSource = Iterable<unknown> | AsyncIterable<unknown>;

export interface DetectOptions {
  /**
   * Index (or data stream) name of every event that has no `_index` key of its own, e.g.
   * `logs-aws.cloudtrail-default`. With an index, rules apply only when their `index` patterns cover it,
   * and the index's constant fields (`data_stream.*`, `event.dataset`, `event.module`, …) are visible to
   * the query when the event lacks them. Without one, every rule sees every event as it is.
   */
  readonly index?: string;
  /**
   * Replay Kibana's executions for query and threat_match rules (every `interval`, looking back to
   * `from`, at most `max_signals` alerts each). Default false: every matching event alerts.
   * threshold rules always run windowed; new_terms rules always run per event.
   */
  readonly windowed?: boolean;
  /** Events that happened before the stream, for new_terms rules (never alerted on). */
  readonly history?: EventSource;
  /** Indicator documents for threat_match rules (each may carry `_index` and `_id`). */
  readonly indicators?: EventSource;
  /** Index of indicator documents without `_index` (checked against `threat_index`). */
  readonly indicatorIndex?: string;
  /** Told about events a stateful rule had to leave out (no timestamp, or too late for any window). */
  readonly onSkip?: (skipped: SkippedEvent) => void;
  /**
   * Called once per event after every rule has seen it, with the rules whose query and filters matched
   * (whether or not an alert followed): what a pipeline needs for per-rule counts and statistics.
   */
  readonly onEvent?: (event: object, matched: readonly CompiledRule[], seq: number) => void;
  /** Told about malformed NDJSON lines or non-object items in `events`; they are skipped and counted. */
  readonly onMalformed?: (malformed: MalformedEvent) => void;
  /**
   * Told when evaluating one event for one rule throws (`KqlEventError` for a cyclic or too-deep event
   * let through, or an accessor of the caller's object that throws). That rule counts as not matching
   * that event, the other rules still see it, and the stream goes on. Without this option the error
   * ends the stream.
   */
  readonly onEventError?: (failure: EventFailure) => void;
  /** Deepest nesting of an event (default 1000); deeper or cyclic events go to `onMalformed`. */
  readonly maxEventDepth?: number;
}

/** One rule that could not evaluate one event (docs/security.md). */
export interface EventFailure {
  readonly ruleId: string;
  readonly event: object;
  /** Position in `events` (negative for `history`). */
  readonly seq: number;
  readonly error: unknown;
}

/**
 * The positions of the rules that match one event. With `onEventError`, an evaluation that throws is
 * retried rule by rule, so that only the failing rules miss the event and each failure is reported.
 */
function matchingPositions(
  set: DispatchRuleSet,
  event: object,
  context: EventContext | undefined,
  seq: number,
  onEventError: DetectOptions["onEventError"],
): readonly number[] {
  if (!onEventError) return set.matchPositions(event, context);
  try {
    return set.matchPositions(event, context);
  } catch {
    const positions: number[] = [];
    set.rules.forEach((rule, position) => {
      try {
        if (rule.matches(event, context)) positions.push(position);
      } catch (error) {
        onEventError({ ruleId: rule.id, event, seq, error });
      }
    });
    return positions;
  }
}

interface ActiveRule {
  readonly rule: CompiledRule;
  readonly runner: RuleRunner;
}

function eventId(event: object, seq: number): string {
  const id = (event as { _id?: unknown })._id;
  return typeof id === "string" || typeof id === "number" ? String(id) : String(seq);
}

function eventIndex(event: object, fallback: string | undefined): string | undefined {
  const index = (event as { _index?: unknown })._index;
  return typeof index === "string" ? index : fallback;
}

async function collect(source: EventSource | undefined): Promise<object[]> {
  const out: object[] = [];
  if (!source) return out;
  for await (const item of source) if (typeof item === "object" && item !== null) out.push(item);
  return out;
}

/** What a rule the RuleSet found matching is offered: the event as the rule saw it, and its time. */
function matchedItem(rule: CompiledRule, event: object, index: string | undefined, seq: number): MatchedItem {
  const seen = rule.eventForIndex(event, index);
  const item: StreamItem = { event, seen, index, seq, id: eventId(event, seq) };
  return { ...item, time: ruleTime(seen, rule) };
}

/** The context of an event's index, reused while consecutive events share it. */
function contextCache(): (index: string | undefined) => EventContext | undefined {
  let last: EventContext | undefined;
  return (index) => {
    if (index === undefined) return undefined;
    if (last?.index !== index) last = { index };
    return last;
  };
}

export async function* detect(
  rules: Iterable<CompiledRule> | RuleSet,
  events: EventSource,
  options: DetectOptions = {},
): AsyncGenerator<Alert, void, undefined> {
  const set = dispatchRuleSet(rules);
  const ruleList = set.rules;
  const indicators = ruleList.some((rule) => rule.type === "threat_match")
    ? await collect(options.indicators)
    : [];
  const skip = (ruleId: string, reason: SkippedEvent["reason"]) => (item: MatchedItem) =>
    options.onSkip?.({ ruleId, reason, event: item.event, seq: item.seq });

  const active: ActiveRule[] = [];
  const newTermsRunners: { rule: CompiledRule; runner: NewTermsRunner }[] = [];
  for (const rule of ruleList) {
    const noTime = skip(rule.id, "no-timestamp");
    const late = skip(rule.id, "late");
    let runner: RuleRunner;
    switch (rule.type) {
      case "threshold":
        runner = new ThresholdRunner(rule, noTime, late);
        break;
      case "new_terms": {
        const newTerms = new NewTermsRunner(rule, noTime);
        newTermsRunners.push({ rule, runner: newTerms });
        runner = newTerms;
        break;
      }
      case "query":
      case "threat_match": {
        const build =
          rule.type === "query"
            ? queryAlertBuilder(rule)
            : threatMatchAlertBuilder(rule, indicators, options.indicatorIndex);
        runner = options.windowed
          ? new WindowedEventRunner(rule, build, noTime, late)
          : new StreamEventRunner(build);
        break;
      }
    }
    active.push({ rule, runner });
  }

  const contextOf = contextCache();
  if (newTermsRunners.length > 0 && options.history) {
    const historySet = dispatchRuleSet(newTermsRunners.map(({ rule }) => rule));
    let seq = -1;
    for await (const event of options.history) {
      if (typeof event !== "object" || event === null) continue;
      const index = eventIndex(event, options.index);
      for (const position of matchingPositions(
        historySet,
        event,
        contextOf(index),
        seq,
        options.onEventError,
      )) {
        const { rule, runner } = newTermsRunners[position] as (typeof newTermsRunners)[number];
        runner.remember(matchedItem(rule, event, index, seq));
      }
      seq--;
    }
  }

  let seq = 0;
  for await (const event of eventStream(events, {
    ...(options.onMalformed && { onMalformed: options.onMalformed }),
    ...(options.maxEventDepth !== undefined && { maxDepth: options.maxEventDepth }),
  })) {
    if (typeof event === "object" && event !== null) {
      const index = eventIndex(event, options.index);
      // Matching finishes before the first alert is yielded: the set's per-event memo never spans a yield.
      const positions = matchingPositions(set, event, contextOf(index), seq, options.onEventError);
      const matched: CompiledRule[] = [];
      for (const position of positions) {
        const { rule, runner } = active[position] as ActiveRule;
        matched.push(rule);
        yield* runner.accept(matchedItem(rule, event, index, seq));
      }
      options.onEvent?.(event, matched, seq);
    }
    seq++;
  }
  for (const { runner } of active) yield* runner.finish();
}
