import { displayName, finding } from "../context.js";
import type { LintRule } from "../types.js";

/**
 * A wildcard value on a key of a flattened field (spec §11): the keyed type has no wildcard support of
 * its own, and the `query_string` Kibana sends matches the pattern against `key NUL value` terms of the
 * whole flattened field without the key in front (elasticsearch PR #138427), so `bar*` only matches where
 * some key starts with `bar` and `*foo*` also finds `foo` in other keys. (A range on such a key is
 * reported as KQL_LINT_FLATTENED_KEY_RANGE.)
 */
export const flattenedKeyWildcard: LintRule = {
  id: "flattened-key-wildcard",
  codes: ["KQL_LINT_FLATTENED_KEY_WILDCARD"],
  *check(ctx) {
    for (const leaf of ctx.leaves) {
      const node = leaf.node;
      if (node.type !== "match" || node.value.kind !== "wildcard") continue;
      const res = leaf.resolution;
      if (res?.kind !== "field" || res.field.origin !== "flattened-key") continue;
      yield finding(
        "KQL_LINT_FLATTENED_KEY_WILDCARD",
        node.value.range,
        `${displayName(leaf)} is a key inside a flattened field: Elasticsearch matches wildcard values there against every key of the field, not this key's values alone.`,
        {
          hint: "Match exact values on the key, or query a mapped (non-flattened) copy of the field if the integration has one (e.g. the keyword `aws.cloudtrail.request_parameters` next to `aws.cloudtrail.flattened.*`).",
        },
      );
    }
  },
};
