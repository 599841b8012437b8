import { dirname, relative, resolve, sep } from "node:path";

/**
 * Rewrites a source map's `sources` from "relative to wherever the map was written" to "relative to the
 * project root", so the same input gives the same bytes whatever output folder the bundle is built into
 * (the stacks hash the bundle folder to decide redeploys). The maps embed sourcesContent, so stack traces
 * stay readable on Lambda: /var/task/handlers/services/service-handler.ts:42.
 */
export function rootRelativeSourceMap(mapText: string, mapPath: string, projectRoot: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((source) =>
    relative(projectRoot, resolve(dirname(mapPath), source)).split(sep).join("/"),
  );
  return JSON.stringify(map);
}
