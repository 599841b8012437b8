import type { ParallelState, QueryLanguage, SubMachine } from "../definition";
import type { ParallelProps } from "./props";
import { FallibleNode, type RenderContext, type StateNode } from "./node";
import { renderFields } from "./fields";
import { STATE_KEYS, SUB_MACHINE_KEYS, ordered } from "./key-order";

/** Runs branches side by side; each branch is the graph reachable from the state given to `branch()`. */
export class ParallelNode<Q extends QueryLanguage = QueryLanguage> extends FallibleNode<Q> {
  readonly type = "Parallel";
  private readonly branchStarts: StateNode[] = [];

  constructor(name: string, queryLanguage: Q, private readonly props: ParallelProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }

  branch(start: StateNode): this {
    this.branchStarts.push(start);
    return this;
  }

  render(context: RenderContext): ParallelState {
    if (this.branchStarts.length === 0) this.fail("a Parallel needs at least one branch (branch(...)); it has none");
    const Branches = this.branchStarts.map((start, index) =>
      ordered(context.renderScope(start, this, `branch ${index + 1}`) as SubMachine, SUB_MACHINE_KEYS),
    );
    const state = { ...this.header(context), ...renderFields(this, this.props), Branches, ...this.errorHandling(), ...this.transition() };
    return ordered(state as ParallelState, STATE_KEYS);
  }
}
