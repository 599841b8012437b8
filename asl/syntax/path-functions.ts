/**
 * The functions a Step Functions path may end with (`$.Snapshots.length()`). Step Functions evaluates
 * paths with Jayway JsonPath, whose parameterless functions these are; the validator accepts exactly
 * these names and the interpreter implements exactly these, so the two cannot drift.
 */
export const PATH_FUNCTIONS = ["length", "keys", "min", "max", "avg", "stddev", "sum"] as const;

export type PathFunctionName = (typeof PATH_FUNCTIONS)[number];

const NAMES = new Set<string>(PATH_FUNCTIONS);

export function isPathFunction(name: string): name is PathFunctionName {
  return NAMES.has(name);
}
