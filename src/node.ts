// "kuery-engine/node": everything of the core entry plus what needs Node's file system and streams.

export {
  EventSourceError,
  readEventFile,
  readEventFiles,
  resolveEventFiles,
  STDIN,
} from "./events/files.js";
export * from "./index.js";
export { expandRulePatterns, type RuleTestRun, runRuleTests } from "./rules/node.js";
