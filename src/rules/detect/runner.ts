/** What every rule type's executor offers detect(): feed matched events in arrival order, then finish. */
import type { CompiledRule } from "../compiled-rule.js";
import { parseDuration, parseLookback } from "../duration.js";
import type { Alert } from "./alert-types.js";
import type { MatchedItem } from "./stream-item.js";
import { type TimedItem, WindowedExecutions } from "./windows.js";

export interface RuleRunner {
  /** An event the rule's query, filters and index patterns accept. */
  accept(item: MatchedItem): Alert[];
  /** End of the stream: run what is still pending. */
  finish(): Alert[];
}

/**
 * A runner that replays the rule's executions (every `interval`, looking back to `from`): events without
 * a timestamp and events too late for any window are reported, the rest are buffered per window and
 * handed to `execute` when the window is complete.
 */
export abstract class WindowedRunner implements RuleRunner {
  private readonly executions: WindowedExecutions<Alert>;

  constructor(
    rule: CompiledRule,
    private readonly onNoTime: (item: MatchedItem) => void,
    onLate: (item: TimedItem) => void,
  ) {
    this.executions = new WindowedExecutions(
      parseDuration(rule.interval) as number,
      parseLookback(rule.from) as number,
      (at, windowStart, items) => this.execute(at, windowStart, items),
      onLate,
    );
  }

  /** One execution at time `at` over the events of its window `[windowStart, at]`. */
  protected abstract execute(at: number, windowStart: number, items: readonly TimedItem[]): Alert[];

  accept(item: MatchedItem): Alert[] {
    if (item.time === undefined) {
      this.onNoTime(item);
      return [];
    }
    return this.executions.add(item as TimedItem);
  }

  finish(): Alert[] {
    return this.executions.finish();
  }
}
