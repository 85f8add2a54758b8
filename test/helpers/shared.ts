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
