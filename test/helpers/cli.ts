import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./shared.js";

export const cliPath = join(repoRoot, "dist", "cli", "main.js");

if (!existsSync(cliPath)) {
  throw new Error(`${cliPath} is missing: run 'npm run build' first (npm test does)`);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a separate process, the way a user does. */
export function runKuery(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
