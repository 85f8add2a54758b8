import { type CompileOptions, compileQuery } from "../../src/eval/index.js";
import type { FieldMap } from "../../src/schema/index.js";

/** Compiles `query` against exactly `fields` (plus the dynamic default) and runs it on `doc`. */
export function matches(
  query: string,
  doc: object,
  fields: FieldMap = {},
  options: CompileOptions = {},
): boolean {
  return compileQuery(query, { schema: fields, ...options })(doc);
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
