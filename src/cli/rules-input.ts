/** Loading rules and field types for commands: one clear line per problem, nothing dropped. */
import { readFile } from "node:fs/promises";
import type { CompileOptions } from "../eval/options.js";
import type { CompiledRule } from "../rules/compiled-rule.js";
import { loadRules } from "../rules/load-files.js";
import { CliError, type CliIo, write } from "./io.js";

export interface LoadedRules {
  readonly rules: CompiledRule[];
  /** Rules in a language or type we do not run, reported and skipped. */
  readonly unsupported: number;
}

async function readJson(command: string, file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      `kuery ${command}: cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`kuery ${command}: ${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `--fields <file>` (merged over the built-in schema) and `--schema <file>` (replaces it). */
export async function fieldOptions(
  command: string,
  values: Record<string, unknown>,
): Promise<Pick<CompileOptions, "fields" | "schema">> {
  const options: { fields?: CompileOptions["fields"]; schema?: CompileOptions["schema"] } = {};
  if (typeof values.fields === "string") {
    options.fields = (await readJson(command, values.fields, "field file")) as CompileOptions["fields"];
  }
  if (typeof values.schema === "string") {
    options.schema = (await readJson(command, values.schema, "schema file")) as CompileOptions["schema"];
  }
  return options;
}

/**
 * Loads rules from files, directories and globs. A rule that fails to load stops the command (exit 2)
 * after every failure has been listed; rules in unsupported languages are reported and skipped.
 */
export async function loadCommandRules(
  command: string,
  patterns: readonly string[],
  io: CliIo,
  options: Pick<CompileOptions, "fields" | "schema"> = {},
): Promise<LoadedRules> {
  if (patterns.length === 0)
    throw new CliError(`kuery ${command}: --rules is required (a rule file, directory or glob)`);
  const { rules, failures } = await loadRules(patterns, { ...options, onError: "collect", cwd: io.cwd });
  const broken = failures.filter((f) => !f.unsupported);
  for (const failure of broken) write(io.stderr, `${failure.error.message}`);
  for (const failure of failures.filter((f) => f.unsupported)) {
    write(
      io.stderr,
      `kuery ${command}: skipped ${failure.file}: ${failure.error.summary ?? failure.error.message}`,
    );
  }
  if (broken.length > 0) {
    throw new CliError(
      `kuery ${command}: ${broken.length} rule file${broken.length === 1 ? "" : "s"} could not be loaded`,
    );
  }
  for (const rule of rules) {
    for (const warning of rule.warnings) write(io.stderr, `kuery ${command}: warning: ${warning.message}`);
  }
  if (rules.length === 0) throw new CliError(`kuery ${command}: no rules found in ${patterns.join(", ")}`);
  return { rules, unsupported: failures.length - broken.length };
}
