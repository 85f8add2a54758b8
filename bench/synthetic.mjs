// A deterministic synthetic ECS event generator for benchmarks and equivalence tests.
//
// Background events look like the traffic the corpus rules watch (datasets, actions, processes, users,
// addresses drawn from the rules' own vocabulary), and a small share is derived from a random rule's
// query — every clause of an `and` kept with high probability, one branch of an `or` — so some events
// match and many nearly match. The same seed always gives the same events.

/** mulberry32: small, fast, good enough for test data. */
export function createRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

function setPath(event, path, value) {
  // Half of the events use dotted keys at the leaf's parent level, as some shippers do.
  event[path] = value;
}

function termText(term) {
  return term.kind === "literal" ? term.value : term.parts.join("x");
}

function literalValue(fieldType, term, rng) {
  const text = termText(term);
  switch (fieldType) {
    case "long":
    case "integer":
    case "short":
    case "byte":
    case "double":
    case "float":
    case "scaled_float":
    case "half_float":
    case "unsigned_long": {
      const n = Number(text);
      return Number.isFinite(n) ? n : rng.int(65535);
    }
    case "boolean":
      return text === true || text === "true";
    case "ip": {
      const s = String(text);
      const base = s.includes("/") ? s.slice(0, s.indexOf("/")) : s;
      if (base.includes(":")) return base.endsWith("::") ? `${base}1` : base;
      const parts = base.split(".").map(Number);
      return parts.length === 4 && parts.every((p) => p >= 0 && p <= 255) ? base : "10.0.0.1";
    }
    case "date":
    case "date_nanos":
      return "2026-11-23T10:00:00.000Z";
    default:
      return typeof text === "string" ? text : String(text);
  }
}

function fieldTypeOf(schema, name) {
  const hit = schema.resolve(name);
  return hit.kind === "field" ? hit.field.type : "keyword";
}

/** Adds to `event` fields that make `node` (likely) true; `keep` is the chance to honour each and-child. */
function satisfy(node, event, rng, schema, keep, prefix = "") {
  switch (node.type) {
    case "and":
      for (const arg of node.args) if (rng.chance(keep)) satisfy(arg, event, rng, schema, keep, prefix);
      return;
    case "or":
      satisfy(rng.pick(node.args), event, rng, schema, keep, prefix);
      return;
    case "match": {
      if (node.field.kind !== "literal") return;
      const name = prefix + String(node.field.value);
      setPath(
        event,
        name.replace(/\.caseless$/, ""),
        literalValue(fieldTypeOf(schema, name), node.value, rng),
      );
      return;
    }
    case "exists": {
      if (node.field.kind !== "literal") return;
      const name = prefix + String(node.field.value);
      setPath(
        event,
        name,
        literalValue(fieldTypeOf(schema, name), { kind: "literal", value: "present" }, rng),
      );
      return;
    }
    case "range": {
      if (node.field.kind !== "literal") return;
      const name = prefix + String(node.field.value);
      const bound = Number(termText(node.value));
      if (Number.isFinite(bound)) setPath(event, name, node.op.startsWith("g") ? bound + 1 : bound - 1);
      return;
    }
    default:
      return; // not, nested and free text: leave the event as it is
  }
}

/** Values the rules compare common fields with, so background events share the rules' vocabulary. */
function harvestVocabulary(asts) {
  const vocabulary = new Map();
  const visit = (node) => {
    if (node.type === "and" || node.type === "or") node.args.forEach(visit);
    else if (node.type === "not") visit(node.arg);
    else if (node.type === "match" && node.field.kind === "literal" && node.value.kind === "literal") {
      const field = String(node.field.value);
      if (!vocabulary.has(field)) vocabulary.set(field, new Set());
      vocabulary.get(field).add(node.value.value);
    }
  };
  asts.forEach(visit);
  return new Map([...vocabulary].map(([field, values]) => [field, [...values]]));
}

const BACKGROUND_FIELDS = [
  "event.action",
  "event.category",
  "event.type",
  "event.outcome",
  "event.provider",
  "host.os.type",
  "process.name",
  "user.name",
];

/**
 * Generates `count` events. `asts` are parsed rule queries; `schema` resolves field types (the built-in
 * schema); `derivedShare` is the share of events derived from a rule (near misses and matches).
 * `bulkDatasets` take `bulkShare` of the events: the high-volume sources (endpoint, syslog, web servers)
 * that dominate real pipelines, while the niche datasets rules are written for share the rest.
 */
export function generateEvents({
  asts,
  schema,
  datasets,
  count,
  seed = 1,
  derivedShare = 0.01,
  keep = 0.93,
  bulkDatasets = [],
  bulkShare = 0,
}) {
  const rng = createRng(seed);
  const vocabulary = harvestVocabulary(asts);
  const noise = ["alpha", "beta", "gamma", "delta", "svc-backup", "Describe", "ListBuckets", "GetObject"];
  const events = [];
  const start = Date.parse("2026-11-23T00:00:00Z");
  for (let i = 0; i < count; i++) {
    const dataset =
      bulkDatasets.length > 0 && rng.chance(bulkShare) ? rng.pick(bulkDatasets) : rng.pick(datasets);
    const event = {
      // The index the event would live in: rules only apply where their index patterns cover it.
      _index: `logs-${dataset}-default`,
      "@timestamp": new Date(start + i * 1000).toISOString(),
      event: { dataset, module: dataset.split(".")[0] },
      data_stream: { dataset, type: "logs", namespace: "default" },
      message: `synthetic event ${i} from ${dataset}`,
    };
    // Catch-all rules (`event.kind:event`, `source.ip:*`) would match every event that has these.
    if (rng.chance(0.003)) event.event.kind = "event";
    if (rng.chance(0.003))
      event.source = { ip: `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`, port: rng.int(65535) };
    for (const field of BACKGROUND_FIELDS) {
      if (!rng.chance(0.6)) continue;
      const known = vocabulary.get(field);
      // Mostly values no rule asks for, sometimes one they do: realistic selectivity.
      const value = known && rng.chance(0.15) ? rng.pick(known) : `${rng.pick(noise)}-${rng.int(1000)}`;
      setPath(event, field, value);
    }
    if (rng.chance(derivedShare)) satisfy(rng.pick(asts), event, rng, schema, keep);
    events.push(event);
  }
  return events;
}
