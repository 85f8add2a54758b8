import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in test/helpers/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `../shared` beside the repository: the corpus, conformance cases, ECS tables and events (not ours to copy). */
export const sharedDir = process.env.KUERY_SHARED_DIR ?? resolve(repoRoot, "..", "shared");

export const hasShared = existsSync(join(sharedDir, "conformance"));

if (!hasShared) {
  // Visible on purpose: suites that need ../shared are skipped, never silently passed.
  console.warn(
    `[kuery-engine tests] ${sharedDir} not found: conformance, corpus and event suites are SKIPPED`,
  );
}

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export function readSharedJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), "utf8")) as T;
}

/** Groups cases by a key, keeping first-seen order (Map.groupBy needs Node 21). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
