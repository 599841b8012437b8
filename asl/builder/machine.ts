/**
 * Builds a state machine from its start state: walks the graph, checks it, and renders deterministic
 * ASL JSON. All misuse the types cannot catch is found here, with the state named in the message.
 */
import type { QueryLanguage, State, StateMachineDefinition } from "../definition";
import { AslBuildError } from "./errors";
import type { RenderContext, StateNode } from "./node";
import { mergePermissions, type IntegrationPermission } from "./permissions";
import { MACHINE_KEYS, ordered } from "./key-order";
import { subMachinesOf } from "../scopes";
import { stateNameProblem } from "../syntax/names";

export interface StateMachineOptions {
  /** The first state; every state reachable from it is part of the machine. */
  startAt: StateNode;
  comment?: string;
  /** Top-level query language; states of the other language get their own `QueryLanguage`. Default: the start state's. */
  queryLanguage?: QueryLanguage;
  /** Bounds the whole execution. */
  timeoutSeconds?: number;
  version?: string;
}

export class StateMachine {
  private readonly definition: StateMachineDefinition;
  private readonly integrationPermissions: IntegrationPermission[];

  constructor(options: StateMachineOptions) {
    const builder = new Builder(options.queryLanguage ?? options.startAt.queryLanguage);
    const top = builder.renderScope(options.startAt, undefined, "top level");
    const { timeoutSeconds } = options;
    if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)) {
      throw new AslBuildError(undefined, `the state machine's TimeoutSeconds must be a positive integer, got ${timeoutSeconds}`);
    }
    this.definition = ordered(
      {
        Comment: options.comment,
        StartAt: top.StartAt,
        QueryLanguage: builder.machineQueryLanguage,
        TimeoutSeconds: timeoutSeconds,
        Version: options.version,
        States: top.States,
      },
      MACHINE_KEYS,
    );
    this.integrationPermissions = mergePermissions(builder.permissions);
  }

  /** The ASL definition (a fresh copy: changing it does not change the machine). */
  toJSON(): StateMachineDefinition {
    return structuredClone(this.definition);
  }

  /** The ASL JSON as committed for review: 2-space indent, trailing newline, same input same bytes. */
  toString(): string {
    return `${JSON.stringify(this.definition, null, 2)}\n`;
  }

  /** The IAM permissions the service integrations need, merged per service and target. */
  permissions(): IntegrationPermission[] {
    return this.integrationPermissions.map((p) => ({ ...p, actions: [...p.actions] }));
  }

  /** Names of all states, nested ones included, in the order they are written. */
  stateNames(): string[] {
    const names: string[] = [];
    const collect = (states: Record<string, State>) => {
      for (const [name, state] of Object.entries(states)) {
        names.push(name);
        for (const sub of subMachinesOf(state)) collect(sub.machine.States);
      }
    };
    collect(this.definition.States);
    return names;
  }
}

export function stateMachine(options: StateMachineOptions): StateMachine {
  return new StateMachine(options);
}

/** One build: the name registry and permissions shared by the top level and every nested scope. */
class Builder implements RenderContext {
  readonly permissions: IntegrationPermission[] = [];
  private readonly byName = new Map<string, StateNode>();
  private readonly scopeOf = new Map<StateNode, string>();

  constructor(readonly machineQueryLanguage: QueryLanguage) {}

  addPermissions(permissions: readonly IntegrationPermission[]): void {
    this.permissions.push(...permissions);
  }

  renderScope(start: StateNode, owner: StateNode | undefined, label: string): { StartAt: string; States: Record<string, State> } {
    const scope = owner === undefined ? label : `${label} of "${owner.name}"`;
    const members = this.collect(start, scope);
    const States: Record<string, State> = {};
    for (const node of members) States[node.name] = node.render(this);
    return { StartAt: start.name, States };
  }

  /**
   * The scope's states in the order they are written: depth-first along normal flow from `start` (so the
   * main path reads top to bottom), then the error handlers, each followed the same way.
   */
  private collect(start: StateNode, scope: string): StateNode[] {
    const members: StateNode[] = [];
    const handlers: StateNode[] = [start];
    while (handlers.length > 0) members.push(...this.collectFlow(handlers.shift()!, scope, handlers));
    return members;
  }

  private collectFlow(start: StateNode, scope: string, handlers: StateNode[]): StateNode[] {
    const members: StateNode[] = [];
    const pending: StateNode[] = [start];
    while (pending.length > 0) {
      const node = pending.pop()!;
      const seenIn = this.scopeOf.get(node);
      if (seenIn === scope) continue;
      if (seenIn !== undefined) {
        throw new AslBuildError(node.name, `is used both in the ${seenIn} and in the ${scope}; a transition cannot cross into or out of a Parallel branch or Map processor`);
      }
      this.register(node);
      this.scopeOf.set(node, scope);
      members.push(node);
      pending.push(...[...node.successors()].reverse());
      handlers.push(...node.errorSuccessors());
    }
    return members;
  }

  private register(node: StateNode): void {
    const { name } = node;
    const problem = stateNameProblem(name);
    if (problem !== undefined) throw new AslBuildError(name, problem);
    const other = this.byName.get(name);
    if (other !== undefined && other !== node) {
      throw new AslBuildError(name, "two different states have this name; state names must be unique in the whole state machine");
    }
    this.byName.set(name, node);
  }
}
