/** Variable scopes: the flattened view JSONata gets is cached per scope and must never go stale. */
import { describe, expect, it } from "vitest";
import { VariableScope } from "../../asl/interpreter/variables";

describe("VariableScope.bindings", () => {
  it("returns the same view while nothing is assigned, and a new one after an assignment", () => {
    const top = new VariableScope();
    top.assign({ a: 1 });
    const first = top.bindings();
    expect(top.bindings()).toBe(first);
    top.assign({ a: 2, b: "x" });
    expect(top.bindings()).not.toBe(first);
    expect(top.bindings()).toEqual({ a: 2, b: "x" });
    expect(first).toEqual({ a: 1 });
  });

  it("in a child scope, sees an ancestor's later assignment and lets its own values win", () => {
    const top = new VariableScope();
    top.assign({ a: 1, shadowed: "top" });
    const branch = new VariableScope(top);
    const iteration = new VariableScope(branch);
    expect(iteration.bindings()).toEqual({ a: 1, shadowed: "top" });
    branch.assign({ shadowed: "branch" });
    expect(iteration.bindings()).toEqual({ a: 1, shadowed: "branch" });
    const cached = iteration.bindings();
    expect(iteration.bindings()).toBe(cached);
    top.assign({ a: 2, shadowed: "top again" });
    expect(iteration.bindings()).toEqual({ a: 2, shadowed: "branch" });
    iteration.assign({ own: true });
    expect(iteration.bindings()).toEqual({ a: 2, shadowed: "branch", own: true });
    expect(branch.bindings()).toEqual({ a: 2, shadowed: "branch" });
    expect(top.bindings()).toEqual({ a: 2, shadowed: "top again" });
  });

  it("keeps sibling scopes apart", () => {
    const top = new VariableScope();
    const left = new VariableScope(top);
    const right = new VariableScope(top);
    expect(left.bindings()).toEqual({});
    left.assign({ side: "left" });
    right.assign({ side: "right" });
    expect(left.bindings()).toEqual({ side: "left" });
    expect(right.bindings()).toEqual({ side: "right" });
    expect(top.bindings()).toEqual({});
  });
});
