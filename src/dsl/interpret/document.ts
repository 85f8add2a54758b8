/**
 * Reading values out of one JSON document the way Elasticsearch indexes it (spec 5.1, 5.3): dotted keys
 * and nested objects address the same paths, arrays flatten at any depth, `null` contributes nothing,
 * and fields under a `nested` path are hidden except inside a nested query on that path.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Everything found at `path`, objects included, arrays flattened, nulls dropped. */
export function nodesAt(root: unknown, path: string): unknown[] {
  const found: unknown[] = [];
  const visit = (node: unknown, rest: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, rest);
      return;
    }
    if (rest === "") {
      if (node !== null && node !== undefined) found.push(node);
      return;
    }
    if (!isObject(node)) return;
    // A key may itself contain dots: try every key that is a whole-segment prefix of the rest.
    for (const [key, child] of Object.entries(node)) {
      if (rest === key) visit(child, "");
      else if (rest.startsWith(`${key}.`)) visit(child, rest.slice(key.length + 1));
    }
  };
  visit(root, path);
  return found;
}

/** The leaf values at `path` (objects are not values). */
export function valuesAt(root: unknown, path: string): unknown[] {
  return nodesAt(root, path).filter((value) => !isObject(value));
}

/** The sub-document a nested query sees for one element: the element placed under its full path. */
export function nestedElements(root: unknown, path: string): Record<string, unknown>[] {
  return nodesAt(root, path)
    .filter(isObject)
    .map((element) => ({ [path]: element }));
}

/**
 * True when `field` lies under a nested path that the current scope has not entered: such sub-fields
 * live in hidden documents that only a nested query reaches.
 */
export function hiddenByNesting(
  field: string,
  scope: string | undefined,
  nestedPaths: readonly string[],
): boolean {
  return nestedPaths.some(
    (path) =>
      path !== scope &&
      (scope === undefined || path.startsWith(`${scope}.`)) &&
      (field === path || field.startsWith(`${path}.`)),
  );
}
