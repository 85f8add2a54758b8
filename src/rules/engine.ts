/**
 * What the rules layer needs from the parser and the evaluator, as one small interface. The default
 * engine wires in the real `parse` and `compileQuery`; tests may pass their own to check the rules layer
 * on its own (e.g. a predicate that counts calls).
 */
import type { CompileOptions } from "../eval/options.js";
import type { TermAlternatives } from "../eval/required-terms.js";
import type { KqlNode } from "../parser/ast.js";

/** The options the rules layer forwards to `compileQuery` (the evaluator owns their meaning). */
export type QueryCompileOptions = CompileOptions;

export type EventPredicate = (event: object) => boolean;

export interface QueryEngine {
  /** Parses KQL; throws the parser's KqlSyntaxError (with `line`, `column`, `offset`). */
  parse(query: string): KqlNode;
  /** Compiles a parsed query into a predicate over one event. */
  compile(query: KqlNode, options: QueryCompileOptions): EventPredicate;
  /**
   * The evaluator's explain trace for one event, when it has one (JSON-serialisable). `source` is the
   * query text the tree's ranges point into. Called with the same tree and options for one rule.
   */
  explain?(query: KqlNode, event: object, options: QueryCompileOptions & { source?: string }): unknown;
  /**
   * Equality terms the compiled query cannot match without (see eval/required-terms.ts), for RuleSet's
   * dispatch index. Engines without it have their rules evaluated on every event.
   */
  requiredTerms?(query: KqlNode, options: QueryCompileOptions): readonly TermAlternatives[];
}
