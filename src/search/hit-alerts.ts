/**
 * Search hits → the alerts `detect()` builds for the same events: the rules layer's own alert builder
 * is reused, fed with what detect() would know about the event (its index, id and time). A hit
 * becomes the event `{ ..._source, _id, _index }`, so an alert from the cluster equals the alert
 * detect() gives for that document exported with its `_id` and `_index`.
 */
import type { CompiledRule } from "../rules/compiled-rule.js";
import type { Alert } from "../rules/detect/alert-types.js";
import { queryAlertBuilder } from "../rules/detect/event-alerts.js";
import { ruleTime } from "../rules/detect/timestamps.js";
import type { SearchHit } from "./cluster.js";

export type HitAlertBuilder = (hit: SearchHit) => Alert | undefined;

/**
 * `now` stamps alerts of events without a time, as detect() does in its default (stream) mode;
 * events with a time are stamped with it.
 */
export function hitAlertBuilder(rule: CompiledRule, now: () => number = Date.now): HitAlertBuilder {
  const build = queryAlertBuilder(rule);
  let seq = 0;
  return (hit) => {
    const event = { ...(hit._source ?? {}), _id: hit._id, _index: hit._index };
    const seen = rule.eventForIndex(event, hit._index);
    const time = ruleTime(seen, rule);
    const item = { event, seen, index: hit._index, seq: seq++, id: hit._id, time };
    return build(item, time ?? now());
  };
}
