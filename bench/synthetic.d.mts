// Types of synthetic.mjs, for the equivalence tests that import it.
import type { KqlNode } from "../src/parser/ast.js";
import type { Schema } from "../src/schema/schema.js";

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng;

export function generateEvents(options: {
  asts: readonly KqlNode[];
  schema: Schema;
  datasets: readonly string[];
  count: number;
  seed?: number;
  derivedShare?: number;
  keep?: number;
}): Record<string, unknown>[];
