// Reads the rule corpus from ../shared (Elastic License 2.0: read in place, never copied).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { parse as parseToml } from "smol-toml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const sharedDir = process.env.KUERY_SHARED_DIR ?? resolve(root, "..", "shared");

export function corpusRules() {
  const dir = join(sharedDir, "corpus", "detection-rules");
  if (!existsSync(dir)) {
    console.warn(`[bench] ${dir} not found: corpus suites are skipped`);
    return [];
  }
  return fg
    .sync("**/*.toml", { cwd: dir })
    .sort()
    .map((file) => ({ file, ...parseToml(readFileSync(join(dir, file), "utf8")) }));
}
