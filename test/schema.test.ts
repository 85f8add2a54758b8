import { describe, expect, it } from "vitest";
import { builtinSchema, createSchema, DATA_STREAMS, ECS_VERSION } from "../src/schema/index.js";

function field(schema: ReturnType<typeof createSchema>, name: string) {
  const res = schema.resolve(name);
  if (res.kind !== "field") throw new Error(`${name} resolved to ${res.kind}`);
  return res.field;
}

describe("built-in schema (ECS + integrations)", () => {
  const schema = builtinSchema();
  it("ships ECS 9.4.0 types without ../shared", () => {
    expect(ECS_VERSION).toBe("9.4.0");
    expect(field(schema, "process.name")).toMatchObject({
      type: "keyword",
      keywordOnly: true,
      ignoreAbove: 1024,
    });
    expect(field(schema, "process.command_line")).toMatchObject({ type: "wildcard", keywordOnly: false });
    expect(field(schema, "source.ip").type).toBe("ip");
    expect(field(schema, "event.original").searchable).toBe(false);
    expect(DATA_STREAMS["aws.cloudtrail"]?.c["event.dataset"]).toBe("aws.cloudtrail");
  });

  it("resolves multi-fields and implicit .caseless views to the parent's values", () => {
    expect(field(schema, "process.name.text")).toMatchObject({
      type: "match_only_text",
      valuePath: "process.name",
    });
    expect(field(schema, "process.name.caseless")).toMatchObject({
      type: "keyword",
      keywordOnly: true,
      normalizer: "lowercase",
      valuePath: "process.name",
    });
    expect(schema.resolve("process.pid.caseless").kind).toBe("unmapped");
  });

  it("resolves flattened keys, object_type sub-keys and integration patterns", () => {
    expect(field(schema, "gcp.audit.request.policy")).toMatchObject({
      origin: "flattened-key",
      type: "keyword",
      inDataView: false,
    });
    expect(field(schema, "winlog.event_data.MadeUpKey")).toMatchObject({
      origin: "object-type",
      type: "keyword",
    });
    expect(field(schema, "o365.audit.ExchangeMetaData.Size")).toMatchObject({
      origin: "pattern",
      type: "long",
    });
  });

  it("knows nested paths and the nearest nested ancestor", () => {
    expect(schema.isNested("threat.enrichments")).toBe(true);
    expect(schema.nestedPathOf("threat.enrichments.indicator.ip")).toBe("threat.enrichments");
    expect(schema.resolve("threat.enrichments").kind).toBe("nested");
    expect(schema.resolve("process").kind).toBe("object");
  });

  it("expands field-name patterns over mapped names, multi-fields included", () => {
    const names = schema.expand(["file.hash.", ""]);
    expect(names).toContain("file.hash.sha256");
    expect(names.every((n) => n.startsWith("file.hash."))).toBe(true);
    expect(schema.expand(["process.", "name.text"])).toContain("process.parent.name.text");
  });
});

describe("createSchema", () => {
  it("builds exactly the given mapping, with esTypes deciding keyword-only", () => {
    const schema = createSchema(
      { a: "keyword", b: "keyword", n: "nested", "n.x": "long" },
      { esTypes: { b: ["keyword", "wildcard"] } },
    );
    expect(field(schema, "a").keywordOnly).toBe(true);
    expect(field(schema, "b")).toMatchObject({ keywordOnly: false, esTypes: ["keyword", "wildcard"] });
    expect(field(schema, "n.x").nestedPath).toBe("n");
    expect(schema.fieldNames()).toEqual(["a", "b", "n.x"]);
    expect(schema.resolve("process.name").kind).toBe("unmapped");
  });

  it("layers fields over the built-in schema", () => {
    const schema = createSchema({ "process.name": "wildcard", "my.field": "ip" }, { base: "builtin" });
    expect(field(schema, "process.name").type).toBe("wildcard");
    expect(field(schema, "my.field").type).toBe("ip");
    expect(field(schema, "process.pid").type).toBe("long");
  });

  it("rejects unknown types", () => {
    expect(() => createSchema({ a: "strng" as never })).toThrow(TypeError);
  });
});
