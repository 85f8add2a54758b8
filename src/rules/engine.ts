/**
 * What the rules layer needs from the parser and the evaluator, as one small interface. The default
 * engine wires in the real `parse` and `compileQuery`; tests may pass their own to check the rules layer
 * on its own (e.g. a predicate that counts calls).
 */
import type { KqlNode } from "../parser/ast.js";

/** The options the rules layer forwards to `compileQuery` (the evaluator owns their meaning). */
export interface QueryCompileOptions {
  /** Field types merged over the built-in schema (the evaluator's `FieldType` values). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** A field's types across the rule's indices, when they differ. */
  readonly esTypes?: Readonly<Record<string, readonly unknown[]>>;
  /** Clock for date math (`now-30d/d` in threat queries). */
  readonly now?: Date | string | number;
  readonly caseInsensitive?: boolean;
}

export type EventPredicate = (event: object) => boolean;

export interface QueryEngine {
  /** Parses KQL; throws the parser's KqlSyntaxError (with `line`, `column`, `offset`). */
  parse(query: string): KqlNode;
  /** Compiles a parsed query into a predicate over one event. */
  compile(query: KqlNode, options: QueryCompileOptions): EventPredicate;
  /** The evaluator's explain trace for one event, when it has one (JSON-serialisable). */
  explain?(query: KqlNode, event: object, options: QueryCompileOptions): unknown;
}
