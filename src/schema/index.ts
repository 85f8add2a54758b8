export type { CompactField } from "./compact.js";
export type { FieldInfo, FieldOrigin, FieldResolution } from "./field-info.js";
export { FIELD_TYPES, type FieldType, isFieldType } from "./field-types.js";
export { DATA_STREAMS, type DataStreamInfo } from "./generated/data-streams.js";
export { ECS_VERSION } from "./generated/ecs.js";
export {
  builtinSchema,
  createSchema,
  type EsTypesMap,
  type FieldDefinition,
  type FieldMap,
  type FieldSpec,
  isKeywordOnly,
  Schema,
  type SchemaOptions,
} from "./schema.js";
