import { describe, expect, it } from "vitest";
import { loadRules } from "../src/rules/load-files.js";
import type { RuleType } from "../src/rules/spec.js";

import { hasShared, sharedPath } from "./helpers/shared.js";

describe.skipIf(!hasShared)("the detection-rules corpus", () => {
  it("every rule loads: KQL rules compile, others are reported unsupported, nothing is dropped", async () => {
    const { rules, failures } = await loadRules(sharedPath("corpus", "detection-rules"), {
      onError: "collect",
    });
    const byType: Record<RuleType, number> = { query: 0, threshold: 0, new_terms: 0, threat_match: 0 };
    for (const rule of rules) byType[rule.type]++;
    const unsupported = failures.filter((f) => f.unsupported);
    // Rules that load but that Kibana/Elasticsearch refuse to run for the schema: they can never alert.
    const refused = rules.filter((rule) => rule.warnings.length > 0);
    const broken = failures.filter((f) => !f.unsupported);
    console.log(
      `corpus: ${rules.length} compiled (${Object.entries(byType)
        .map(([type, n]) => `${n} ${type}`)
        .join(
          ", ",
        )}), ${unsupported.length} unsupported, ${broken.length} failed, ${refused.length} refused by the schema`,
    );
    for (const rule of refused) console.log(rule.warnings[0]?.message);
    for (const failure of broken) console.log(failure.error.message);
    expect(broken).toEqual([]);
    expect(rules.length + unsupported.length).toBe(727);
    expect(byType).toEqual({ query: 453, threshold: 28, new_terms: 240, threat_match: 6 });
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    for (const rule of refused) {
      expect(rule.matches({})).toBe(false);
      expect(rule.warnings[0]?.code).toBe("RULE_QUERY_REFUSED");
    }
    // Only a handful: a jump here means the evaluator or the loader changed behaviour.
    expect(refused.length).toBeLessThan(5);
  });
});
