/**
 * `loadRules` on the core entry, as the API contract names it there. Reading files needs Node, and the
 * core entry must stay browser-safe, so the file loader is imported only when this is called.
 */
import type { CompiledRule } from "./compiled-rule.js";
import type { LoadResult, LoadRulesOptions } from "./load-files.js";

export function loadRules(
  patterns: string | readonly string[],
  options?: LoadRulesOptions & { onError?: "throw" },
): Promise<CompiledRule[]>;
export function loadRules(
  patterns: string | readonly string[],
  options: LoadRulesOptions & { onError: "collect" },
): Promise<LoadResult>;
export async function loadRules(
  patterns: string | readonly string[],
  options: LoadRulesOptions = {},
): Promise<CompiledRule[] | LoadResult> {
  const files = await import("./load-files.js");
  return files.loadRules(patterns, options as LoadRulesOptions & { onError: "collect" });
}
