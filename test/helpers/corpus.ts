import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { parse as parseToml } from "smol-toml";
import { hasShared, sharedPath } from "./shared.js";

export interface CorpusRule {
  /** Path relative to the corpus root. */
  file: string;
  source: string;
  toml: { rule: Record<string, unknown> & { query?: string; language?: string; type?: string } };
}

let cache: CorpusRule[] | undefined;

/** The 727 kuery rules of ../shared/corpus (Elastic License 2.0: read in place, never copied). */
export function corpusRules(): CorpusRule[] {
  if (!hasShared) return [];
  if (cache) return cache;
  const root = sharedPath("corpus", "detection-rules");
  const files = fg.sync("**/*.toml", { cwd: root }).sort();
  cache = files.map((file) => {
    const source = readFileSync(`${root}/${file}`, "utf8");
    return { file, source, toml: parseToml(source) as CorpusRule["toml"] };
  });
  return cache;
}
