/**
 * Sets environment variables for the handlers (as Lambda would) and restores the previous values on
 * stop, so a test process that starts local mode twice does not inherit stale endpoints.
 */
export interface EnvScope {
  set(values: Record<string, string>): void;
  restore(): void;
}

export function envScope(env: NodeJS.ProcessEnv = process.env): EnvScope {
  const saved = new Map<string, string | undefined>();
  return {
    set(values) {
      for (const [name, value] of Object.entries(values)) {
        if (!saved.has(name)) saved.set(name, env[name]);
        env[name] = value;
      }
    },
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete env[name];
        else env[name] = value;
      }
      saved.clear();
    },
  };
}
