/**
 * Variables (`Assign`) and their scopes. The top level of an execution is one scope; every Parallel
 * branch and Map iteration gets a child scope that reads its parents but writes only itself, so
 * assignments inside a branch never leak out (AWS's scoping rule).
 */
import type { JsonValue } from "../definition";
import { MISSING, type Lookup } from "./jsonpath";

const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

export class VariableScope {
  // Created on first assignment: most scopes (branches, iterations, checkout-like machines) never assign.
  private values: Map<string, JsonValue> | undefined;
  /** Bumped on every assignment: the flattened view below is valid only for the version it was built at. */
  private version = 0;
  private flat: Readonly<Record<string, unknown>> | undefined;
  private flatVersion = -1;
  /** The parent's flattened view `flat` was built over: a new one means an ancestor assigned since. */
  private flatParent: Readonly<Record<string, unknown>> | undefined;

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
    this.version++;
  }

  /**
   * All visible variables (inner scopes win), for JSONata bindings. Read-only and cached per scope until
   * it or an ancestor assigns, so the same object is returned while nothing changed; a scope that never
   * assigned shares its parent's view instead of copying it.
   */
  bindings(): Readonly<Record<string, unknown>> {
    const parentFlat = this.parent ? this.parent.bindings() : NONE;
    if (this.flat && this.flatVersion === this.version && this.flatParent === parentFlat) return this.flat;
    let out: Readonly<Record<string, unknown>>;
    if (!this.values) out = parentFlat;
    else {
      const own: Record<string, unknown> = { ...parentFlat };
      for (const [k, v] of this.values) own[k] = v;
      out = own;
    }
    this.flat = out;
    this.flatVersion = this.version;
    this.flatParent = parentFlat;
    return out;
  }

  get size(): number {
    return this.values?.size ?? 0;
  }
}
