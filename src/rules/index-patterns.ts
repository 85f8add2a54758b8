/**
 * A rule's `index` patterns against an index name, as Elasticsearch resolves them: `*` matches any run
 * of characters, a pattern starting with `-` removes what earlier patterns matched, and a data stream's
 * backing index (`.ds-logs-aws.cloudtrail-default-2024.05.01-000001`) counts as its data stream.
 * A cluster prefix (`remote:logs-*`) is compared with the index's own prefix when it has one, and
 * otherwise ignored: events handed to this library have no cluster.
 */
import { compileWildcard } from "../eval/wildcard.js";
import { dataStreamOfBackingIndex } from "./data-streams.js";

export type IndexMatcher = (index: string) => boolean;

export function compileIndexPatterns(patterns: readonly string[]): IndexMatcher {
  // No patterns: the rule uses a data view or Kibana's default indices; every index is accepted.
  if (patterns.length === 0) return () => true;
  const steps = patterns.map((pattern) => {
    const exclude = pattern.startsWith("-");
    const body = exclude ? pattern.slice(1) : pattern;
    return { exclude, test: compileNamePattern(body) };
  });
  return (index) => {
    const names = [index];
    const dataStream = dataStreamOfBackingIndex(index);
    if (dataStream) names.push(dataStream);
    return names.some((name) => {
      let included = false;
      for (const step of steps) {
        if (step.test(name)) included = !step.exclude;
      }
      return included;
    });
  };
}

function compileNamePattern(pattern: string): (name: string) => boolean {
  const colon = pattern.indexOf(":");
  const cluster = colon >= 0 ? pattern.slice(0, colon) : undefined;
  const local = colon >= 0 ? pattern.slice(colon + 1) : pattern;
  const localTest = wildcardRegExp(local);
  const clusterTest = cluster === undefined ? undefined : wildcardRegExp(cluster);
  return (name) => {
    const nameColon = name.indexOf(":");
    if (nameColon >= 0) {
      const nameCluster = name.slice(0, nameColon);
      if (!clusterTest?.test(nameCluster)) return false;
      return localTest.test(name.slice(nameColon + 1));
    }
    return localTest.test(name);
  };
}

/** `*` matches any run of characters. The linear matcher, not a regular expression: index names and
 * patterns both come from outside, and `*a*a*…*b` would make a backtracking regex take exponential time. */
function wildcardRegExp(pattern: string): { test(name: string): boolean } {
  const matches = compileWildcard(pattern.split("*"));
  return { test: matches };
}
