// Explain and clause coverage: why a query does or does not match an event, and which clauses a set of
// events exercised. Built on the compiler's own plans through a `CompileTracer` (src/eval/compile.ts).

export {
  type ClauseCoverage,
  type Coverage,
  type CoverageRenderOptions,
  type CoverageReport,
  createCoverage,
  renderCoverage,
} from "../coverage.js";
export {
  createExplainer,
  type Explainer,
  type ExplainOptions,
  type Explains,
  explain,
} from "./explain.js";
export { type RenderOptions, renderExplanation } from "./render.js";
export type {
  BooleanExplanation,
  CheckedValue,
  ExplainError,
  ExplainNode,
  Explanation,
  FieldCheck,
  JsonScalar,
  LeafExplanation,
  MatchAllExplanation,
  NestedElement,
  NestedExplanation,
  QueryKind,
} from "./types.js";
