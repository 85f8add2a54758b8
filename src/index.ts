// The public API of kuery-engine, and nothing else (contract: docs/api.md).
export type * from "./parser/ast.js";
