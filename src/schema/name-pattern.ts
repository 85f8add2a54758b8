import { compileWildcard } from "../eval/wildcard.js";

/** A compiled field-name pattern: `*` matches any run of characters, dots included (spec §6.8). */
export type NamePattern = (name: string) => boolean;

export function compileNamePattern(parts: readonly string[]): NamePattern {
  return compileWildcard(parts);
}
