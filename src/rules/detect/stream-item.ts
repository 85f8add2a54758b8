/** One event on its way through detect(): the event, its index and what the rule's query saw. */
export interface StreamItem {
  /** The event as the caller gave it. */
  readonly event: object;
  /** The event as the rule's query saw it (index constants filled in). */
  readonly seen: object;
  readonly index: string | undefined;
  /** Arrival order in the stream, from 0. */
  readonly seq: number;
  /** The event's `_id` when it has one, else its arrival number. */
  readonly id: string;
}

/** An event that matched a rule, with the rule's time for it (undefined when the event has none). */
export interface MatchedItem extends StreamItem {
  readonly time: number | undefined;
}

/** Why an event was left out of a stateful rule's evaluation (reported through `onSkip`). */
export type SkipReason = "no-timestamp" | "late";

export interface SkippedEvent {
  readonly ruleId: string;
  readonly reason: SkipReason;
  readonly event: object;
  readonly seq: number;
}
