/** What every rule type's executor offers detect(): feed matched events in arrival order, then finish. */
import type { Alert } from "./alert-types.js";
import type { MatchedItem } from "./stream-item.js";

export interface RuleRunner {
  /** An event the rule's query, filters and index patterns accept. */
  accept(item: MatchedItem): Alert[];
  /** End of the stream: run what is still pending. */
  finish(): Alert[];
}
