import { afterEach, beforeEach } from "vitest";
import { expectPrototypesUntouched, prototypeSnapshot } from "../helpers/hostile.js";

// Every test, in every file: nothing the library did may add a property to a built-in prototype
// (docs/security.md, prototype pollution). Cheap: a few hundred key names compared per test.
let before: ReturnType<typeof prototypeSnapshot>;

beforeEach(() => {
  before = prototypeSnapshot();
});

afterEach(() => {
  expectPrototypesUntouched(before);
});
