/**
 * A deliberately small KQL evaluator for testing the rules layer on its own: every field is a keyword
 * (exact, case-sensitive, whole-value wildcards), ranges compare numbers or times. It uses the real
 * parser. Rule-layer tests that need Elasticsearch-faithful typing use the default engine instead.
 */
import type { KqlNode, Term } from "../../src/parser/ast.js";
import { parse } from "../../src/parser/index.js";
import type { QueryEngine } from "../../src/rules/engine.js";
import { fieldValues, keywordValues } from "../../src/rules/field-values.js";

function text(term: Term): string {
  return term.kind === "literal" ? String(term.value) : term.parts.join("*");
}

function valueTest(term: Term): (value: string) => boolean {
  if (term.kind === "literal") {
    const expected = String(term.value);
    return (value) => value === expected;
  }
  const source = term.parts.map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")).join("[\\s\\S]*");
  const regexp = new RegExp(`^${source}$`);
  return (value) => regexp.test(value);
}

function compare(a: string | number | boolean, b: string): number | undefined {
  const an = Number(a);
  const bn = Number(b);
  if (a !== "" && b !== "" && Number.isFinite(an) && Number.isFinite(bn)) return an - bn;
  const at = Date.parse(String(a));
  const bt = Date.parse(b);
  if (!Number.isNaN(at) && !Number.isNaN(bt)) return at - bt;
  return undefined;
}

function compile(node: KqlNode): (event: object) => boolean {
  switch (node.type) {
    case "and": {
      const args = node.args.map(compile);
      return (event) => args.every((arg) => arg(event));
    }
    case "or": {
      const args = node.args.map(compile);
      return (event) => args.some((arg) => arg(event));
    }
    case "not": {
      const arg = compile(node.arg);
      return (event) => !arg(event);
    }
    case "matchAll":
      return () => true;
    case "exists": {
      const field = text(node.field);
      return (event) => fieldValues(event, field).length > 0;
    }
    case "match": {
      const field = text(node.field);
      const test = valueTest(node.value);
      return (event) => keywordValues(event, field).some(test);
    }
    case "range": {
      const field = text(node.field);
      const bound = text(node.value);
      const ok = {
        gt: (c: number) => c > 0,
        gte: (c: number) => c >= 0,
        lt: (c: number) => c < 0,
        lte: (c: number) => c <= 0,
      }[node.op];
      return (event) =>
        fieldValues(event, field).some((value) => {
          const c = compare(value, bound);
          return c !== undefined && ok(c);
        });
    }
    case "freeText":
    case "nested":
      return () => false;
  }
}

export const miniEngine: QueryEngine = {
  parse: (query) => parse(query),
  compile: (query) => compile(query),
};
