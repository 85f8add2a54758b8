import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KqlSyntaxError, parse, SYNTAX_ERROR_CODES } from "../src/parser/index.js";

function syntaxErrorOf(query: string, options?: Parameters<typeof parse>[1]): KqlSyntaxError {
  try {
    parse(query, options);
  } catch (error) {
    if (error instanceof KqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe("syntax errors: codes and locations", () => {
  it.each([
    ["response:", "KQL_EXPECTED_VALUE", 9],
    ["response:200 or ", "KQL_EXPECTED_QUERY", 16],
    ["response:(200 or )", "KQL_EXPECTED_VALUE", 17],
    ['foo:"ba ', "KQL_UNTERMINATED_STRING", 4],
    ["foo:ba:r", "KQL_UNEXPECTED_TOKEN", 6],
    ["< 1000", "KQL_EXPECTED_FIELD", 0],
    ["a:b and(c:d)", "KQL_MISSING_OPERATOR", 7],
    ["not not foo:bar", "KQL_DOUBLE_NOT", 4],
    ["foo:bar not baz:qux", "KQL_MISSING_OPERATOR", 8],
    ["(a:1 or b:2", "KQL_UNCLOSED_GROUP", 11],
    ["a:{ b:1", "KQL_UNCLOSED_GROUP", 7],
    ["a:1)", "KQL_UNMATCHED_CLOSE", 3],
    ["()", "KQL_EMPTY_GROUP", 1],
    ["f:C\\:\\Windows", "KQL_INVALID_ESCAPE", 5],
    ["process.name: not foo", "KQL_NOT_AFTER_COLON", 14],
    ["a:({ b:1 })", "KQL_NESTED_IN_VALUE_LIST", 3],
    ["f > (5)", "KQL_EXPECTED_VALUE", 4],
  ])("%j → %s at %d", (query, code, offset) => {
    const error = syntaxErrorOf(query);
    expect(error.code).toBe(code);
    expect(error.offset).toBe(offset);
    expect(error.name).toBe("KqlSyntaxError");
    expect(error).toBeInstanceOf(Error);
    expect(Object.keys(SYNTAX_ERROR_CODES)).toContain(error.code);
  });

  it("computes line and column on multi-line queries", () => {
    const error = syntaxErrorOf("event.dataset:aws.cloudtrail and\n  event.action:(a or\n  b or )");
    expect(error.line).toBe(3);
    expect(error.column).toBe(8);
    expect(error.offset).toBe(61);
  });

  it("points at the end of the query, not -1, when input ends early", () => {
    const error = syntaxErrorOf("a:1 and ");
    expect(error.offset).toBe(8);
    expect(error.column).toBe(9);
    expect(error.length).toBe(0);
    expect(error.text).toBe("");
  });

  it("names where an unclosed parenthesis was opened", () => {
    expect(syntaxErrorOf("a:1 and (b:2 or (c:3)").summary).toBe("unclosed parenthesis opened at 1:9");
  });

  // The rendered text is part of the user interface: pin it exactly.
  it.each([
    [
      "event.action:(a or )",
      "expected a value after 'or' but found ')' (line 1, column 20)\nevent.action:(a or )\n                   ^",
    ],
    [
      'user.name:"admin',
      'this quoted value is never closed (line 1, column 11)\nuser.name:"admin\n          ^~~~~~\nhint: a backslash escapes the next character: end a value with \\\\" for a trailing backslash',
    ],
    [
      "a:1 and\n\tb:2 c:3",
      "unexpected ':' after a value (line 2, column 7)\n\tb:2 c:3\n\t     ^\nhint: quote a value that contains ':' or escape it as \\:",
    ],
    [
      "a:b and(c:d)",
      "expected 'and', 'or' or the end of the query but found '(' (line 1, column 8)\na:b and(c:d)\n       ^\nhint: 'and' and 'or' need whitespace on both sides",
    ],
  ])("renders %j", (query, rendered) => {
    const error = syntaxErrorOf(query);
    expect(error.message).toBe(rendered);
    expect(error.format()).toBe(rendered);
  });

  it("keeps the caret visible on very long lines", () => {
    const query = `f:(${"x or ".repeat(200)})`;
    const lines = syntaxErrorOf(query).message.split("\n");
    const caretLine = lines[2] as string;
    expect((lines[1] as string).length).toBeLessThan(110);
    expect((lines[1] as string)[caretLine.indexOf("^")]).toBe(")");
  });

  it("serialises to JSON with its code and location", () => {
    const json = JSON.parse(JSON.stringify(syntaxErrorOf("a:")));
    expect(json).toMatchObject({
      name: "KqlSyntaxError",
      code: "KQL_EXPECTED_VALUE",
      offset: 2,
      line: 1,
      column: 3,
    });
  });
});

describe("syntax errors: limits and hostile input", () => {
  it("rejects 10 000 nested parentheses with a coded error, not a stack overflow", () => {
    const query = `${"(".repeat(10_000)}a:1${")".repeat(10_000)}`;
    const error = syntaxErrorOf(query);
    expect(error.code).toBe("KQL_LIMIT_EXCEEDED");
    expect(error.offset).toBe(100);
  });

  it("parses nesting up to the default depth", () => {
    const query = `${"(".repeat(100)}a:1${")".repeat(100)}`;
    expect(parse(query).type).toBe("match");
  });

  it("turns a stack overflow into a coded error when the depth limit is lifted", () => {
    const query = `${"(".repeat(100_000)}a:1${")".repeat(100_000)}`;
    const error = syntaxErrorOf(query, { maxDepth: Number.POSITIVE_INFINITY });
    expect(error.code).toBe("KQL_LIMIT_EXCEEDED");
  });

  it("enforces maxLength", () => {
    const error = syntaxErrorOf("a:1 or b:2", { maxLength: 5 });
    expect(error.code).toBe("KQL_LIMIT_EXCEEDED");
  });

  it("parses a 1 MB value list", () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `value-${i}`);
    const query = `f:(${values.join(" or ")})`;
    expect(query.length).toBeGreaterThan(1_000_000);
    const ast = parse(query);
    expect(ast.type === "or" && ast.args.length).toBe(100_000);
  });

  it("rejects non-strings with a TypeError", () => {
    expect(() => parse(42 as unknown as string)).toThrow(TypeError);
  });

  it("never throws anything but KqlSyntaxError on random input", () => {
    const alphabet = fc.constantFrom(
      ...'ab:()<>="\\*{} \t\nornotand.-'.split(""),
      "or",
      "and",
      "not",
      " or ",
      " and ",
      "not ",
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: alphabet, maxLength: 40 }), fc.string({ maxLength: 40 })),
        (query) => {
          try {
            const ast = parse(query);
            expect(ast).toHaveProperty("type");
          } catch (error) {
            expect(error).toBeInstanceOf(KqlSyntaxError);
            const e = error as KqlSyntaxError;
            expect(e.offset).toBeGreaterThanOrEqual(0);
            expect(e.offset).toBeLessThanOrEqual(query.length);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 2000) },
    );
  });
});

describe("source ranges", () => {
  it("span the field and the value of a comparison, and each value inside a list", () => {
    const query = "a:1 and f:(x or yy)";
    const ast = parse(query);
    if (ast.type !== "and") throw new Error("expected and");
    const [first, list] = ast.args;
    expect(query.slice(first?.range.start, first?.range.end)).toBe("a:1");
    expect(query.slice(list?.range.start, list?.range.end)).toBe("f:(x or yy)");
    if (list?.type !== "or") throw new Error("expected or");
    const second = list.args[1];
    expect(query.slice(second?.range.start, second?.range.end)).toBe("yy");
    if (second?.type !== "match") throw new Error("expected match");
    expect(query.slice(second.field.range.start, second.field.range.end)).toBe("f");
  });
});
