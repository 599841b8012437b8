/**
 * Variables (`Assign`) and their scopes. The top level of an execution is one scope; every Parallel
 * branch and Map iteration gets a child scope that reads its parents but writes only itself, so
 * assignments inside a branch never leak out (AWS's scoping rule).
 */
import type { JsonValue } from "../definition";
import { MISSING, type Lookup } from "./jsonpath";

export class VariableScope {
  // Created on first assignment: most scopes (branches, iterations, checkout-like machines) never assign.
  private values: Map<string, JsonValue> | undefined;
  private flat: Record<string, unknown> | undefined;

  constructor(private readonly parent?: VariableScope) {}

  lookup(name: string): Lookup {
    const v = this.values?.get(name);
    if (v !== undefined) return v;
    return this.parent ? this.parent.lookup(name) : MISSING;
  }

  /** Sets every variable at once: values were all computed from the state before any was assigned. */
  assign(values: { [name: string]: JsonValue }): void {
    const map = (this.values ??= new Map());
    for (const name in values) map.set(name, values[name]!);
    this.flat = undefined;
  }

  /** All visible variables (inner scopes win), for JSONata bindings. Cached at the top level until the next assignment. */
  bindings(): Record<string, unknown> {
    if (this.flat && !this.parent) return this.flat;
    const out: Record<string, unknown> = this.parent ? { ...this.parent.bindings() } : {};
    if (this.values) for (const [k, v] of this.values) out[k] = v;
    if (!this.parent) this.flat = out;
    return out;
  }

  get size(): number {
    return this.values?.size ?? 0;
  }
}
