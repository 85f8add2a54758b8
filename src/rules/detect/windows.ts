/**
 * Kibana's execution model, replayed over event time. A rule runs every `interval`; each execution at
 * time T searches the window [T − lookback, T] (both ends inclusive, as Elasticsearch's range query),
 * where lookback comes from `from` (`now-9m` → 9 minutes). Execution times are the multiples of the
 * interval since the Unix epoch, so a run is reproducible whatever the first event is.
 *
 * Events must arrive in (roughly) time order: an execution at T runs as soon as an event later than T
 * arrives, so an event that arrives after every window that could hold it has run is reported as late.
 * At the end of the stream the remaining executions run, as long as a window still holds a buffered event.
 */
import type { MatchedItem } from "./stream-item.js";

export interface TimedItem extends MatchedItem {
  readonly time: number;
}

export type Execution<A> = (executionTime: number, windowStart: number, items: readonly TimedItem[]) => A[];

export class WindowedExecutions<A> {
  private buffer: TimedItem[] = [];
  private next: number | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly lookbackMs: number,
    private readonly execute: Execution<A>,
    private readonly onLate: (item: TimedItem) => void,
  ) {}

  /** The first execution time at or after `time`. */
  private boundaryAtOrAfter(time: number): number {
    return Math.ceil(time / this.intervalMs) * this.intervalMs;
  }

  add(item: TimedItem): A[] {
    const alerts: A[] = [];
    if (this.next === undefined) this.next = this.boundaryAtOrAfter(item.time);
    // Every execution strictly before this event's time can run: its window is complete.
    while (this.next < item.time) alerts.push(...this.runNext(item.time));
    if (item.time < this.next - this.lookbackMs) {
      this.onLate(item);
      return alerts;
    }
    this.insert(item);
    return alerts;
  }

  finish(): A[] {
    const alerts: A[] = [];
    // Keep running executions while some window still to come holds a buffered event.
    while (this.next !== undefined && this.buffer.length > 0) alerts.push(...this.runNext(this.next));
    this.buffer = [];
    return alerts;
  }

  /** Runs the execution at `next`, moves on by one interval (or jumps over a stretch with no events). */
  private runNext(until: number): A[] {
    const at = this.next as number;
    const windowStart = at - this.lookbackMs;
    const items = this.buffer.filter((item) => item.time >= windowStart && item.time <= at);
    const alerts = items.length > 0 ? this.execute(at, windowStart, items) : [];
    this.next = at + this.intervalMs;
    this.prune();
    // Nothing buffered: no execution before the next event's can produce anything.
    if (this.buffer.length === 0) this.next = Math.max(this.next, this.boundaryAtOrAfter(until));
    return alerts;
  }

  private prune(): void {
    const oldest = (this.next as number) - this.lookbackMs;
    let drop = 0;
    while (drop < this.buffer.length && (this.buffer[drop] as TimedItem).time < oldest) drop++;
    if (drop > 0) this.buffer = this.buffer.slice(drop);
  }

  /** Keeps the buffer sorted by time (stable for equal times); in-order input appends. */
  private insert(item: TimedItem): void {
    let at = this.buffer.length;
    while (at > 0 && (this.buffer[at - 1] as TimedItem).time > item.time) at--;
    this.buffer.splice(at, 0, item);
  }
}
