import { describe, expect, it } from "vitest";
import {
  escapeQueryStringSegment,
  wildcardNameMatcher,
  wildcardToQueryString,
  wildcardToText,
} from "../src/dsl/escape.js";
import { toElasticsearchQuery } from "../src/dsl/index.js";

describe("wildcard escaping for Lucene", () => {
  it("backslashes every reserved character of the current Kibana set", () => {
    const reserved = '+-=&|><!(){}[]^"~*?:\\/';
    expect(escapeQueryStringSegment(reserved)).toBe(Array.from(reserved, (ch) => `\\${ch}`).join(""));
  });

  it("leaves ordinary characters, digits, dots, commas, semicolons and whitespace alone", () => {
    const ordinary = "abcXYZ 0123456789.,;'@#%$_\t\né😀";
    expect(escapeQueryStringSegment(ordinary)).toBe(ordinary);
  });

  it("joins escaped segments with real wildcards, so an escaped \\* stays literal", () => {
    expect(wildcardToQueryString(["", "a*b", ""])).toBe("*a\\*b*");
    expect(wildcardToQueryString(["C:\\Program Files\\", ""])).toBe("C\\:\\\\Program Files\\\\*");
  });

  it("writes the pattern text unescaped where Kibana does (field names, paths, bounds)", () => {
    expect(wildcardToText(["file.hash.", ""])).toBe("file.hash.*");
  });

  it("is what query_string and wildcard queries receive", () => {
    expect(toElasticsearchQuery("f:a\\(b\\)*")).toEqual({
      bool: { should: [{ query_string: { fields: ["f"], query: "a\\(b\\)*" } }], minimum_should_match: 1 },
    });
    expect(toElasticsearchQuery("f:a?b*", { fields: [{ name: "f", esTypes: ["keyword"] }] })).toEqual({
      bool: { should: [{ wildcard: { f: { value: "a\\?b*" } } }], minimum_should_match: 1 },
    });
  });

  it("free-text patterns are escaped too, and sent without fields", () => {
    expect(toElasticsearchQuery("a-b*")).toEqual({ query_string: { query: "a\\-b*" } });
  });
});

describe("field-name pattern matching", () => {
  it("lets * match any run including dots and nothing", () => {
    const matches = wildcardNameMatcher(["process.", ""]);
    expect(matches("process.name")).toBe(true);
    expect(matches("process.parent.pid")).toBe(true);
    expect(matches("process.")).toBe(true);
    expect(matches("processes.name")).toBe(false);
  });

  it("treats regular-expression characters in segments literally and anchors both ends", () => {
    const matches = wildcardNameMatcher(["a.b", "(x)"]);
    expect(matches("a.b-(x)")).toBe(true);
    expect(matches("aXb-(x)")).toBe(false);
    expect(matches("a.b-(x)y")).toBe(false);
  });
});
