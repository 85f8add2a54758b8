import { describe, expect, it } from "vitest";
import { compilePath, firstValue, someLeafWithPath, someObject, someValue } from "../src/eval/resolve.js";

function values(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  someValue(doc, compilePath(path), (v) => {
    out.push(v);
    return false;
  });
  return out;
}

describe("event field resolver", () => {
  it("merges nested objects, dotted keys and mixes, flattening arrays at any depth", () => {
    const doc = {
      "a.b.c": 1,
      a: { "b.c": [2, [3, null]], b: [{ c: 4 }, { c: { d: 9 } }] },
      "a.b": { c: [] },
    };
    expect(values(doc, "a.b.c").sort()).toEqual([1, 2, 3, 4]);
  });

  it("never reads inherited members", () => {
    expect(values({}, "constructor")).toEqual([]);
    expect(values({}, "toString")).toEqual([]);
    expect(values({ a: "x" }, "a.length")).toEqual([]);
    expect(values(JSON.parse('{"__proto__": {"x": 1}}'), "__proto__.x")).toEqual([1]);
    expect(values(Object.create({ inherited: 1 }), "inherited")).toEqual([]);
  });

  it("collects nested elements as objects and samples the first value", () => {
    const doc = { d: [{ a: 1 }, [{ a: 2 }], "not an element", null] };
    const elements: object[] = [];
    someObject(doc, compilePath("d"), (e) => {
      elements.push(e);
      return false;
    });
    expect(elements).toEqual([{ a: 1 }, { a: 2 }]);
    expect(firstValue({ x: [null, [], ["v", 1]] }, compilePath("x"))).toBe("v");
    expect(firstValue({ x: null }, compilePath("x"))).toBeUndefined();
  });

  it("walks every leaf with its dotted path, honouring pruning", () => {
    const seen: string[] = [];
    someLeafWithPath(
      { a: { b: 1, skip: { c: 2 } }, "d.e": [true, null] },
      (path, value) => {
        seen.push(`${path}=${String(value)}`);
        return false;
      },
      (path) => path !== "a.skip",
    );
    expect(seen).toEqual(["a.b=1", "d.e=true"]);
  });
});
