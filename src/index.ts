// The public API of kuery-engine, and nothing else (contract: docs/api.md).
export * from "./parser/index.js";
