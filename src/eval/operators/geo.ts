import { reject, type TypeOperators } from "./types.js";

/** geo_point: only `exists` is meaningful in KQL; Elasticsearch rejects term, wildcard and range. */
export const geoOperators: TypeOperators = {
  exists() {
    return () => true;
  },
  equals(_value, field) {
    return reject(`the geo_point field "${field.name}" does not support exact searching`);
  },
  wildcard(_parts, field) {
    return reject(`the geo_point field "${field.name}" does not support wildcard queries`);
  },
  range(_op, _bound, field) {
    return reject(`the geo_point field "${field.name}" does not support range queries`);
  },
};
