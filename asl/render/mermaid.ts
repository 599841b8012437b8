/**
 * Renders any ASL definition as a Mermaid flowchart: one node per state (shape by type), solid edges
 * for Next and Choice rules (labelled with the condition), dotted edges for Catch (labelled with the
 * errors), Parallel branches and Map processors as subgraphs. Deterministic: same definition, same text.
 */
import type { ChoiceRule, State, StateMachineDefinition } from "../definition";
import { COMPARISON_OPERATORS } from "../definition";
import { subMachinesOf } from "../scopes";

export interface MermaidOptions {
  /** Flow direction; default "TD" (top down). */
  direction?: "TD" | "LR";
}

const START = "start";
const END = "done";

export function renderMermaid(definition: StateMachineDefinition, options: MermaidOptions = {}): string {
  const writer = new Writer();
  writer.line(`flowchart ${options.direction ?? "TD"}`);
  writer.scope(definition.StartAt, definition.States, 1, true);
  writer.line("  classDef failure fill:#fde2e1,stroke:#c0392b,color:#7b241c");
  writer.line("  classDef success fill:#e3f6e8,stroke:#1e8449,color:#145a32");
  if (writer.failures.length > 0) writer.line(`  class ${writer.failures.join(",")} failure`);
  if (writer.successes.length > 0) writer.line(`  class ${writer.successes.join(",")} success`);
  return `${writer.lines.join("\n")}\n`;
}

/** Mermaid text inside quotes: entity codes for the characters that would end or break the label. */
function text(value: string): string {
  return value.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/\n/g, " ");
}

const ABBREVIATIONS: Record<string, string> = { Equals: "==", LessThan: "<", GreaterThan: ">", LessThanEquals: "<=", GreaterThanEquals: ">=" };

function describeRule(rule: ChoiceRule): string {
  if (rule.Condition !== undefined) return rule.Condition.replace(/^\{%\s*|\s*%\}$/g, "");
  if (rule.And !== undefined) return rule.And.map((r) => `(${describeRule(r)})`).join(" and ");
  if (rule.Or !== undefined) return rule.Or.map((r) => `(${describeRule(r)})`).join(" or ");
  if (rule.Not !== undefined) return `not (${describeRule(rule.Not)})`;
  for (const operator of COMPARISON_OPERATORS) {
    const operand = rule[operator];
    if (operand === undefined) continue;
    if (operator.startsWith("Is")) return `${rule.Variable} ${operand ? "is" : "is not"} ${operator.slice(2).toLowerCase()}`;
    if (operator === "StringMatches") return `${rule.Variable} matches ${JSON.stringify(operand)}`;
    const base = operator.replace(/Path$/, "").replace(/^(String|Numeric|Boolean|Timestamp)/, "");
    const symbol = ABBREVIATIONS[base] ?? base;
    const shown = operator.endsWith("Path") || typeof operand !== "string" ? String(operand) : JSON.stringify(operand);
    return `${rule.Variable} ${symbol} ${shown}`;
  }
  return "(no condition)";
}

class Writer {
  readonly lines: string[] = [];
  readonly failures: string[] = [];
  readonly successes: string[] = [];
  private readonly ids = new Map<string, string>();
  private endUsed = false;

  line(value: string): void {
    this.lines.push(value);
  }

  /** State names are unique in a whole definition, so one id per name is enough. */
  private id(name: string): string {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = `s${this.ids.size + 1}`;
      this.ids.set(name, id);
    }
    return id;
  }

  scope(startAt: string, states: Record<string, State>, depth: number, topLevel: boolean): void {
    const pad = "  ".repeat(depth);
    if (topLevel) this.line(`${pad}${START}((Start)) --> ${this.id(startAt)}`);
    for (const [name, state] of Object.entries(states)) this.node(name, state, depth);
    for (const [name, state] of Object.entries(states)) this.edges(name, state, pad, topLevel);
  }

  private node(name: string, state: State, depth: number): void {
    const pad = "  ".repeat(depth);
    const id = this.id(name);
    const label = text(name);
    switch (state.Type) {
      case "Choice":
        this.line(`${pad}${id}{"${label}"}`);
        return;
      case "Pass":
        this.line(`${pad}${id}[/"${label}"/]`);
        return;
      case "Wait":
        this.line(`${pad}${id}[["${label}"]]`);
        return;
      case "Succeed":
        this.line(`${pad}${id}(["${label}"])`);
        this.successes.push(id);
        return;
      case "Fail":
        this.line(`${pad}${id}(["${label}"])`);
        this.failures.push(id);
        return;
      case "Parallel":
        this.line(`${pad}subgraph ${id} ["${label} (Parallel)"]`);
        for (const { machine, index = 0 } of subMachinesOf(state)) {
          this.line(`${pad}  subgraph ${id}_b${index + 1} ["branch ${index + 1}"]`);
          this.scope(machine.StartAt, machine.States, depth + 2, false);
          this.line(`${pad}  end`);
        }
        this.line(`${pad}end`);
        return;
      case "Map": {
        // A valid Map holds exactly one of ItemProcessor and the legacy Iterator.
        const [processor] = subMachinesOf(state);
        const mode = state.ItemProcessor?.ProcessorConfig?.Mode === "DISTRIBUTED" ? "distributed Map" : "Map";
        this.line(`${pad}subgraph ${id} ["${label} (${mode})"]`);
        if (processor !== undefined) this.scope(processor.machine.StartAt, processor.machine.States, depth + 1, false);
        this.line(`${pad}end`);
        return;
      }
      case "Task":
        this.line(`${pad}${id}["${label}"]`);
        return;
    }
  }

  private edges(name: string, state: State, pad: string, topLevel: boolean): void {
    const id = this.id(name);
    if (state.Type === "Choice") {
      for (const rule of state.Choices) {
        if (rule.Next !== undefined) this.line(`${pad}${id} -- "${text(describeRule(rule))}" --> ${this.id(rule.Next)}`);
      }
      if (state.Default !== undefined) this.line(`${pad}${id} -- "otherwise" --> ${this.id(state.Default)}`);
      return;
    }
    if (state.Type === "Succeed" || state.Type === "Fail") return;
    if (state.Next !== undefined) this.line(`${pad}${id} --> ${this.id(state.Next)}`);
    if (state.End === true && topLevel) {
      if (!this.endUsed) this.line(`${pad}${END}((End))`);
      this.endUsed = true;
      this.line(`${pad}${id} --> ${END}`);
    }
    if (state.Type === "Task" || state.Type === "Parallel" || state.Type === "Map") {
      for (const catcher of state.Catch ?? []) {
        this.line(`${pad}${id} -. "${text(`catch ${catcher.ErrorEquals.join(", ")}`)}" .-> ${this.id(catcher.Next)}`);
      }
    }
  }
}
