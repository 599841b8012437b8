/**
 * A bounded memo for pure functions of a string (parsers, compilers): definitions repeat the same
 * expressions a lot, but a long-running process (local mode's --serve, a validator watching files)
 * must not grow without limit, so past `limit` entries the oldest is dropped.
 */
export const DEFAULT_CACHE_LIMIT = 10_000;

export function memoize<R>(fn: (key: string) => R, limit: number = DEFAULT_CACHE_LIMIT): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    const value = fn(key);
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
    return value;
  };
}
