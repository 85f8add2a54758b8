/**
 * Typed reads of rule keys. Each read names the key the way the rule's layout spells it (`rule.query` in
 * TOML, `query` in JSON) and fails with RULE_MISSING_KEY / RULE_WRONG_TYPE at the key's line.
 */
import { type RuleErrorCode, RuleLoadError } from "./errors.js";
import { isPlainObject, type RuleDocument } from "./source.js";

export class KeyReader {
  constructor(
    private readonly doc: RuleDocument,
    private readonly table: Readonly<Record<string, unknown>> = doc.rule,
    /** Path of `table` below the rule, e.g. `threshold`. */
    private readonly path = "",
  ) {}

  /** The full key name for messages: `rule.threshold.value`. */
  keyName(key: string): string {
    return `${this.doc.keyPrefix}${this.path ? `${this.path}.` : ""}${key}`;
  }

  fail(code: RuleErrorCode, key: string, detail: string): never {
    const name = this.keyName(key);
    throw new RuleLoadError(code, `${name}: ${detail}`, { ...this.doc.locate(name), key: name });
  }

  has(key: string): boolean {
    return this.table[key] !== undefined && this.table[key] !== null;
  }

  raw(key: string): unknown {
    return this.table[key];
  }

  private wrongType(key: string, expected: string): never {
    return this.fail("RULE_WRONG_TYPE", key, `expected ${expected}, got ${describe(this.table[key])}`);
  }

  requiredString(key: string): string {
    if (!this.has(key)) this.fail("RULE_MISSING_KEY", key, "required");
    return this.optionalString(key) as string;
  }

  optionalString(key: string): string | undefined {
    const value = this.table[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") this.wrongType(key, "a string");
    return value;
  }

  requiredNumber(key: string): number {
    if (!this.has(key)) this.fail("RULE_MISSING_KEY", key, "required");
    return this.optionalNumber(key) as number;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.table[key];
    if (value === undefined || value === null) return undefined;
    // TOML integers may arrive as bigint when they are large; rule numbers are small.
    if (typeof value === "bigint") return Number(value);
    if (typeof value !== "number" || Number.isNaN(value)) this.wrongType(key, "a number");
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.table[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") this.wrongType(key, "a boolean");
    return value;
  }

  /** A list of strings; a single string is accepted where Kibana accepts one (threshold.field). */
  stringList(key: string, options: { acceptSingle?: boolean } = {}): string[] {
    const value = this.table[key];
    if (value === undefined || value === null) return [];
    if (typeof value === "string" && options.acceptSingle) return value === "" ? [] : [value];
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      this.wrongType(key, "an array of strings");
    }
    return value as string[];
  }

  objectList(key: string): Record<string, unknown>[] {
    const value = this.table[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every(isPlainObject)) this.wrongType(key, "an array of tables");
    return value as Record<string, unknown>[];
  }

  /** A reader for a sub-table (`threshold`), or undefined when absent. */
  child(key: string): KeyReader | undefined {
    const value = this.table[key];
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) this.wrongType(key, "a table");
    return new KeyReader(this.doc, value, this.path ? `${this.path}.${key}` : key);
  }

  /** A reader for one element of an array of tables (`threshold.cardinality[0]` is named without index). */
  element(key: string, table: Record<string, unknown>): KeyReader {
    return new KeyReader(this.doc, table, this.path ? `${this.path}.${key}` : key);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (isPlainObject(value)) return "a table";
  return `${typeof value} ${JSON.stringify(value)}`;
}
