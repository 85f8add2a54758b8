/**
 * Loading rules from files (Node only: kept out of the browser-safe core). Directories expand to every
 * `.toml`, `.json` and `.ndjson` file below them except rule-test fixtures (`*.test.json`,
 * `*.test.toml`); other arguments are files or globs. Files are read in sorted order.
 */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import fg from "fast-glob";
import { type CompileRuleOptions, compileDocument } from "./compile-rule.js";
import type { CompiledRule } from "./compiled-rule.js";
import { RuleLoadError } from "./errors.js";
import { documentsFromText } from "./source.js";

export const RULE_FILE_GLOB = "**/*.{toml,json,ndjson}";
export const FIXTURE_FILE_GLOB = "**/*.test.{json,toml}";

export interface LoadFailure {
  readonly file: string;
  readonly error: RuleLoadError;
  /** True for rules in a language or type this library does not run (EQL, ES|QL, ML …). */
  readonly unsupported: boolean;
}

export interface LoadResult {
  readonly rules: CompiledRule[];
  readonly failures: LoadFailure[];
}

export interface LoadRulesOptions extends Omit<CompileRuleOptions, "fileName"> {
  /** "throw" (default): the first failure rejects. "collect": every failure is returned beside the rules. */
  readonly onError?: "throw" | "collect";
  /** Working directory for relative patterns. */
  readonly cwd?: string;
  /** Largest rule file read, in bytes (default 25 MiB); a larger file fails with `RULE_FILE_TOO_LARGE`. */
  readonly maxFileBytes?: number;
}

/**
 * Kibana refuses rule imports larger than `savedObjects.maxImportPayloadBytes` (26 214 400 bytes by
 * default); a Kibana export of every prebuilt rule stays well below. Larger files are refused before
 * they are read, so a stray multi-gigabyte file cannot exhaust memory.
 */
export const DEFAULT_MAX_RULE_FILE_BYTES = 26_214_400;

const UNSUPPORTED_CODES = new Set(["RULE_UNSUPPORTED_LANGUAGE", "RULE_UNSUPPORTED_TYPE"]);

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
  const collect = options.onError === "collect";
  const rules: CompiledRule[] = [];
  const failures: LoadFailure[] = [];
  const fail = (file: string, error: RuleLoadError) => {
    if (!collect) throw error;
    failures.push({ file, error, unsupported: UNSUPPORTED_CODES.has(error.code) });
  };

  const list = typeof patterns === "string" ? [patterns] : patterns;
  const files = await expandRulePatterns(list, options.cwd);
  if (files.length === 0) {
    fail(list.join(" "), new RuleLoadError("RULE_NO_FILES", list.join(", ")));
  }
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_RULE_FILE_BYTES;
  for (const file of files) {
    const path = resolve(options.cwd ?? ".", file);
    let text: string;
    try {
      text = await readRuleFile(path, file, maxFileBytes);
    } catch (error) {
      fail(
        file,
        error instanceof RuleLoadError
          ? error
          : new RuleLoadError("RULE_FILE_READ", (error as Error).message, { file }, error),
      );
      continue;
    }
    let documents: ReturnType<typeof documentsFromText>;
    try {
      documents = documentsFromText(text, file);
    } catch (error) {
      if (!(error instanceof RuleLoadError)) throw error;
      fail(file, error);
      continue;
    }
    for (const document of documents) {
      try {
        rules.push(compileDocument(document, { ...options, fileName: file }));
      } catch (error) {
        if (!(error instanceof RuleLoadError)) throw error;
        fail(file, error);
      }
    }
  }
  return collect ? { rules, failures } : rules;
}

/** The file's text, refused before reading when it is larger than the limit. */
async function readRuleFile(path: string, file: string, maxFileBytes: number): Promise<string> {
  const { size } = await stat(path);
  if (size > maxFileBytes) {
    throw new RuleLoadError(
      "RULE_FILE_TOO_LARGE",
      `${size} bytes; the limit is ${maxFileBytes} (option maxFileBytes)`,
      { file },
    );
  }
  return readFile(path, "utf8");
}

/** Files for the given paths: a directory → its rule files; a file → itself; anything else → a glob. */
export async function expandRulePatterns(patterns: readonly string[], cwd?: string): Promise<string[]> {
  return expand(patterns, RULE_FILE_GLOB, [FIXTURE_FILE_GLOB], cwd);
}

export async function expand(
  patterns: readonly string[],
  directoryGlob: string,
  ignore: readonly string[],
  cwd?: string,
): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const kind = await pathKind(pattern, cwd);
    if (kind === "file") {
      found.add(pattern);
      continue;
    }
    const glob =
      kind === "directory"
        ? `${fg.convertPathToPattern(pattern.replace(/[\\/]+$/, ""))}/${directoryGlob}`
        : pattern;
    const matches = await fg(glob, {
      cwd,
      // Dependencies are never rule sources, even when a directory walk reaches them.
      ignore: kind === "directory" ? [...ignore, "**/node_modules/**"] : [],
      onlyFiles: true,
      dot: false,
    });
    for (const match of matches) found.add(match);
  }
  return [...found].sort();
}

async function pathKind(path: string, cwd?: string): Promise<"file" | "directory" | "none"> {
  try {
    const info = await stat(resolve(cwd ?? ".", path));
    return info.isDirectory() ? "directory" : "file";
  } catch {
    return "none";
  }
}
