/**
 * FilterClause trees → predicates with a per-clause trace. KQL leaves go through the query engine (the
 * same evaluator and schema as the rule's query); wildcard leaves match each keyword value of the field.
 */
import type { EventPredicate, QueryCompileOptions, QueryEngine } from "../engine.js";
import { keywordValues } from "../field-values.js";
import type { FilterClause, RuleFilter } from "./clause.js";
import { compileEsWildcard } from "./es-wildcard.js";

/** What one clause decided for one event: JSON-serialisable, for explain output and test failures. */
export interface ClauseTrace {
  readonly clause: string;
  readonly matched: boolean;
  readonly children?: readonly ClauseTrace[];
}

export interface CompiledClause {
  readonly test: EventPredicate;
  readonly trace: (event: object) => ClauseTrace;
}

export function compileClause(
  clause: FilterClause,
  engine: QueryEngine,
  options: QueryCompileOptions,
): CompiledClause {
  switch (clause.kind) {
    case "all":
      return constant(true, "match_all");
    case "none":
      return constant(false, "match_none");
    case "kql": {
      const test = engine.compile(clause.ast, options);
      return { test, trace: (event) => ({ clause: clause.text, matched: test(event) }) };
    }
    case "wildcard": {
      const matches = compileEsWildcard(clause.pattern, clause.caseInsensitive);
      const test = (event: object) => keywordValues(event, clause.field).some(matches);
      return { test, trace: (event) => ({ clause: clause.text, matched: test(event) }) };
    }
    case "not": {
      const inner = compileClause(clause.clause, engine, options);
      return {
        test: (event) => !inner.test(event),
        trace: (event) => {
          const child = inner.trace(event);
          return { clause: "not", matched: !child.matched, children: [child] };
        },
      };
    }
    case "and":
    case "or": {
      const parts = clause.clauses.map((part) => compileClause(part, engine, options));
      const all = clause.kind === "and";
      return {
        test: all
          ? (event) => parts.every((part) => part.test(event))
          : (event) => parts.some((part) => part.test(event)),
        trace: (event) => {
          const children = parts.map((part) => part.trace(event));
          const matched = all ? children.every((c) => c.matched) : children.some((c) => c.matched);
          return { clause: clause.kind, matched, children };
        },
      };
    }
  }
}

function constant(value: boolean, name: string): CompiledClause {
  return { test: () => value, trace: () => ({ clause: name, matched: value }) };
}

/** A rule's filter list as Kibana applies it: enabled filters ANDed, negated ones as must_not. */
export interface CompiledFilters {
  readonly test: EventPredicate;
  readonly trace: (event: object) => FilterTrace[];
}

export interface FilterTrace {
  readonly position: number;
  readonly negate: boolean;
  readonly disabled: boolean;
  /** Whether this filter lets the event through (negation applied; always true when disabled). */
  readonly passed: boolean;
  readonly detail: ClauseTrace;
}

export function compileFilters(
  filters: readonly RuleFilter[],
  engine: QueryEngine,
  options: QueryCompileOptions,
): CompiledFilters {
  const compiled = filters.map((filter) => ({
    filter,
    clause: compileClause(filter.clause, engine, options),
  }));
  const active = compiled.filter(({ filter }) => !filter.disabled);
  return {
    test: (event) => active.every(({ filter, clause }) => clause.test(event) !== filter.negate),
    trace: (event) =>
      compiled.map(({ filter, clause }) => {
        const detail = clause.trace(event);
        const passed = filter.disabled || detail.matched !== filter.negate;
        return {
          position: filter.position,
          negate: filter.negate,
          disabled: filter.disabled,
          passed,
          detail,
        };
      }),
  };
}
