/**
 * Turns a definition into what the interpreter runs: every path, template, intrinsic and JSONata
 * expression compiled once, transitions checked, branch ids for coverage precomputed. A definition that
 * cannot run is refused here with an error naming the state and field, before any execution starts.
 */
import type {
  Catcher, ChoiceRule, JsonObject, JsonValue, MapState, QueryLanguage, Retrier, State, StateMachineDefinition, SubMachine,
} from "../definition";
import { compileRule, type Predicate } from "./choice";
import { branchId, subMachinesOf, transitionsOf } from "../scopes";
import { looksLikeIntrinsicCall, pointer } from "../syntax";
import { SfnApiError, StatesError } from "./errors";
import { compileIntrinsic, type CompiledIntrinsic } from "./intrinsics";
import { compileJsonata, isJsonataExpression, type CompiledJsonata } from "./jsonata-eval";
import { compilePath, compileReferencePath, type CompiledPath, type ReferencePath } from "./jsonpath";
import { describeResource, parseResource, type IntegrationPattern } from "./integrations";
import { compileJsonataTemplate, compilePathTemplate, type JsonataTemplate, type PathTemplate } from "./templates";

/** A Task's Resource, parsed once: how to find its handler and how history names it. */
export interface CompiledResource {
  readonly resource: string;
  readonly integration: string;
  readonly pattern: IntegrationPattern;
  readonly isLambda: boolean;
  /** `resourceType`/`resource` of Task* history events (empty for Lambda ARNs). */
  readonly eventBase: { resourceType?: string; resource?: string };
}

export interface CompiledMachine {
  readonly startAt: string;
  readonly states: ReadonlyMap<string, CompiledState>;
}

export interface CompiledCatcher {
  readonly def: Catcher;
  readonly id: string;
  readonly resultPath: ReferencePath | null | undefined;
  readonly output?: JsonataTemplate;
  readonly assignPath?: PathTemplate;
  readonly assignJsonata?: JsonataTemplate;
}

export interface CompiledChoice {
  readonly id: string;
  readonly next: string;
  readonly predicate?: Predicate;
  readonly condition?: CompiledJsonata;
  readonly output?: JsonataTemplate;
  readonly assignPath?: PathTemplate;
  readonly assignJsonata?: JsonataTemplate;
}

/** A number field that may be a literal, a JSONata expression, or (JSONPath) a `...Path` sibling. */
export type NumberSource =
  | { kind: "literal"; value: JsonValue }
  | { kind: "path"; path: CompiledPath; field: string }
  | { kind: "intrinsic"; call: CompiledIntrinsic; field: string }
  | { kind: "jsonata"; expr: CompiledJsonata; field: string };

export interface CompiledState {
  readonly name: string;
  readonly def: State;
  readonly jsonata: boolean;
  readonly next?: string;
  /** Undefined: `$` (identity). Null: `{}`. */
  readonly inputPath?: CompiledPath | null;
  readonly outputPath?: CompiledPath | null;
  readonly parameters?: PathTemplate;
  readonly resultSelector?: PathTemplate;
  /** Undefined: `$` (the result replaces the input). Null: the result is discarded. */
  readonly resultPath?: ReferencePath | null;
  readonly assignPath?: PathTemplate;
  readonly assignJsonata?: JsonataTemplate;
  readonly arguments?: JsonataTemplate;
  readonly output?: JsonataTemplate;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly CompiledCatcher[];
  // Choice
  readonly choices?: readonly CompiledChoice[];
  readonly defaultNext?: string;
  readonly defaultId?: string;
  // Task
  readonly task?: CompiledResource;
  readonly timeoutSeconds?: NumberSource;
  readonly heartbeatSeconds?: NumberSource;
  // Wait
  readonly seconds?: NumberSource;
  readonly timestamp?: NumberSource;
  // Fail
  readonly error?: NumberSource;
  readonly cause?: NumberSource;
  // Parallel and Map
  readonly branches?: readonly CompiledMachine[];
  readonly processor?: CompiledMachine;
  readonly itemsPath?: CompiledPath;
  readonly items?: JsonataTemplate;
  readonly itemSelectorPath?: PathTemplate;
  readonly itemSelectorJsonata?: JsonataTemplate;
  readonly maxConcurrency?: NumberSource;
  readonly toleratedFailureCount?: NumberSource;
  readonly toleratedFailurePercentage?: NumberSource;
  readonly itemReaderParameters?: PathTemplate;
  readonly itemReaderArguments?: JsonataTemplate;
  readonly resultWriterParameters?: PathTemplate;
  readonly resultWriterArguments?: JsonataTemplate;
  readonly maxItemsPerBatch?: NumberSource;
  readonly batchInputPath?: PathTemplate;
  readonly batchInputJsonata?: JsonataTemplate;
}

const STATE_TYPES = new Set(["Task", "Choice", "Pass", "Wait", "Succeed", "Fail", "Parallel", "Map"]);

function invalid(where: string, why: string): SfnApiError {
  return new SfnApiError("InvalidDefinition", `Invalid State Machine Definition: ${why} at ${where}`);
}

export function compileDefinition(definition: StateMachineDefinition): CompiledMachine {
  if (!definition || typeof definition !== "object" || typeof definition.StartAt !== "string" || !definition.States || typeof definition.States !== "object") {
    throw invalid("/", "a definition needs StartAt and States");
  }
  return compileMachine(definition, definition.QueryLanguage ?? "JSONPath", "");
}

function compileMachine(machine: SubMachine, inherited: QueryLanguage, at: string): CompiledMachine {
  const language = machine.QueryLanguage ?? inherited;
  const states = new Map<string, CompiledState>();
  for (const [name, state] of Object.entries(machine.States)) {
    states.set(name, compileState(name, state, language, pointer(at, "States", name)));
  }
  if (!states.has(machine.StartAt)) throw invalid(pointer(at, "StartAt"), `StartAt '${machine.StartAt}' is not a state of this machine`);
  for (const s of states.values()) {
    for (const { target } of transitionsOf(s.def)) {
      if (!states.has(target)) throw invalid(pointer(at, "States", s.name), `transition to '${target}', which is not a state of the same machine`);
    }
  }
  return { startAt: machine.StartAt, states };
}

/** Wraps a compile step so a bad path or expression names the state and field. */
function field<T>(where: string, name: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof StatesError) throw invalid(`${where}/${name}`, e.cause);
    throw e;
  }
}

function optionalPath(where: string, name: string, value: string | null | undefined): CompiledPath | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (value === "$") return undefined;
  return field(where, name, () => compilePath(value));
}

function assignTemplates(where: string, assign: JsonObject | undefined, jsonata: boolean): { assignPath?: PathTemplate; assignJsonata?: JsonataTemplate } {
  if (!assign) return {};
  if (jsonata) return { assignJsonata: field(where, "Assign", () => compileJsonataTemplate(assign, "Assign")) };
  return { assignPath: field(where, "Assign", () => compilePathTemplate(assign, "Assign")) };
}

function numberSource(where: string, name: string, value: JsonValue | undefined, path: string | undefined, jsonata: boolean): NumberSource | undefined {
  if (value !== undefined) {
    if (jsonata && isJsonataExpression(value)) return { kind: "jsonata", expr: field(where, name, () => compileJsonata(value, name)), field: name };
    return { kind: "literal", value };
  }
  if (path !== undefined) {
    if (looksLikeIntrinsicCall(path)) return { kind: "intrinsic", call: field(where, `${name}Path`, () => compileIntrinsic(path)), field: `${name}Path` };
    return { kind: "path", path: field(where, `${name}Path`, () => compilePath(path)), field: `${name}Path` };
  }
  return undefined;
}

function compileState(name: string, state: State, inherited: QueryLanguage, where: string): CompiledState {
  if (!state || typeof state !== "object" || !STATE_TYPES.has(state.Type)) {
    throw invalid(where, `unknown state type ${JSON.stringify((state as { Type?: unknown } | undefined)?.Type)}`);
  }
  const jsonata = (state.QueryLanguage ?? inherited) === "JSONata";
  const d = state as State & Record<string, unknown>;
  const next = typeof d.Next === "string" ? d.Next : undefined;
  if (next === undefined && d.End !== true && ["Task", "Pass", "Wait", "Parallel", "Map"].includes(state.Type)) {
    throw invalid(where, `state '${name}' has neither Next nor End`);
  }
  const base: { -readonly [K in keyof CompiledState]?: CompiledState[K] } = { name, def: state, jsonata, next, retriers: [], catchers: [] };
  if (jsonata) {
    if (d.Arguments !== undefined) base.arguments = field(where, "Arguments", () => compileJsonataTemplate(d.Arguments as JsonValue, "Arguments"));
    if (d.Output !== undefined) base.output = field(where, "Output", () => compileJsonataTemplate(d.Output as JsonValue, "Output"));
  } else {
    base.inputPath = optionalPath(where, "InputPath", d.InputPath as string | null | undefined);
    base.outputPath = optionalPath(where, "OutputPath", d.OutputPath as string | null | undefined);
    // A Map's Parameters is its (legacy) ItemSelector, compiled by compileMap.
    if (d.Parameters !== undefined && state.Type !== "Map") base.parameters = field(where, "Parameters", () => compilePathTemplate(d.Parameters as JsonValue, "Parameters"));
    if (d.ResultSelector !== undefined) base.resultSelector = field(where, "ResultSelector", () => compilePathTemplate(d.ResultSelector as JsonValue, "ResultSelector"));
    if (d.ResultPath === null) base.resultPath = null;
    else if (typeof d.ResultPath === "string" && d.ResultPath !== "$") base.resultPath = field(where, "ResultPath", () => compileReferencePath(d.ResultPath as string));
  }
  Object.assign(base, assignTemplates(where, d.Assign as JsonObject | undefined, jsonata));
  if (Array.isArray(d.Retry)) base.retriers = d.Retry as Retrier[];
  if (Array.isArray(d.Catch)) {
    base.catchers = (d.Catch as Catcher[]).map((c, i) => ({
      def: c,
      id: branchId(name, "Catch", i),
      resultPath: jsonata || c.ResultPath === undefined || c.ResultPath === "$" ? undefined : c.ResultPath === null ? null : field(where, `Catch/${i}/ResultPath`, () => compileReferencePath(c.ResultPath as string)),
      ...(jsonata && c.Output !== undefined ? { output: field(where, `Catch/${i}/Output`, () => compileJsonataTemplate(c.Output as JsonValue, "Output")) } : {}),
      ...assignTemplates(`${where}/Catch/${i}`, c.Assign, jsonata),
    }));
  }
  switch (state.Type) {
    case "Choice":
      base.choices = state.Choices.map((rule: ChoiceRule, i) => compileChoice(name, rule, i, jsonata, `${where}/Choices/${i}`));
      if (state.Default !== undefined) {
        base.defaultNext = state.Default;
        base.defaultId = branchId(name, "Default");
      }
      if (jsonata && state.Output !== undefined) base.output = field(where, "Output", () => compileJsonataTemplate(state.Output as JsonValue, "Output"));
      break;
    case "Task": {
      if (typeof state.Resource !== "string") throw invalid(where, "a Task state needs a Resource string");
      const parsed = parseResource(state.Resource);
      const described = describeResource(state.Resource);
      base.task = {
        resource: state.Resource, integration: parsed.integration, pattern: parsed.pattern, isLambda: described.isLambda,
        eventBase: described.isLambda ? {} : { resourceType: described.resourceType, resource: described.resource },
      };
    }
      base.timeoutSeconds = numberSource(where, "TimeoutSeconds", state.TimeoutSeconds, state.TimeoutSecondsPath, jsonata);
      base.heartbeatSeconds = numberSource(where, "HeartbeatSeconds", state.HeartbeatSeconds, state.HeartbeatSecondsPath, jsonata);
      break;
    case "Wait":
      base.seconds = numberSource(where, "Seconds", state.Seconds, state.SecondsPath, jsonata);
      base.timestamp = numberSource(where, "Timestamp", state.Timestamp, state.TimestampPath, jsonata);
      if (!base.seconds && !base.timestamp) throw invalid(where, "a Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath");
      break;
    case "Fail":
      base.error = numberSource(where, "Error", state.Error, state.ErrorPath, jsonata);
      base.cause = numberSource(where, "Cause", state.Cause, state.CausePath, jsonata);
      break;
    case "Parallel":
      if (!Array.isArray(state.Branches)) throw invalid(where, "a Parallel state needs Branches");
      base.branches = subMachinesOf(state, where).map((branch) => compileMachine(branch.machine, jsonata ? "JSONata" : "JSONPath", branch.pointer));
      if (base.branches.length !== state.Branches.length) throw invalid(`${where}/Branches`, "every Parallel branch must be an object");
      break;
    case "Map":
      compileMap(base, state, jsonata, where);
      break;
    default:
      break;
  }
  return base as CompiledState;
}

function compileMap(base: { -readonly [K in keyof CompiledState]?: CompiledState[K] }, state: MapState, jsonata: boolean, where: string): void {
  // A valid Map holds exactly one of ItemProcessor and the legacy Iterator; ItemProcessor wins otherwise.
  const [processor] = subMachinesOf(state, where);
  if (!processor) throw invalid(where, "a Map state needs an ItemProcessor (or Iterator)");
  base.processor = compileMachine(processor.machine, jsonata ? "JSONata" : "JSONPath", processor.pointer);
  if (jsonata) {
    if (state.Items !== undefined) base.items = field(where, "Items", () => compileJsonataTemplate(state.Items as JsonValue, "Items"));
    if (state.ItemSelector !== undefined) base.itemSelectorJsonata = field(where, "ItemSelector", () => compileJsonataTemplate(state.ItemSelector as JsonValue, "ItemSelector"));
    if (state.ResultWriter?.Arguments !== undefined) base.resultWriterArguments = field(where, "ResultWriter/Arguments", () => compileJsonataTemplate(state.ResultWriter!.Arguments as JsonValue, "Arguments"));
    if (state.ItemReader?.Arguments !== undefined) base.itemReaderArguments = field(where, "ItemReader/Arguments", () => compileJsonataTemplate(state.ItemReader!.Arguments as JsonValue, "Arguments"));
    if (state.ItemBatcher?.BatchInput !== undefined) base.batchInputJsonata = field(where, "ItemBatcher/BatchInput", () => compileJsonataTemplate(state.ItemBatcher!.BatchInput as JsonValue, "BatchInput"));
  } else {
    if (state.ItemsPath !== undefined && state.ItemsPath !== "$") base.itemsPath = field(where, "ItemsPath", () => compilePath(state.ItemsPath!));
    const selectorField = state.ItemSelector !== undefined ? "ItemSelector" : "Parameters";
    const selector = state.ItemSelector ?? (state.Parameters as JsonValue | undefined);
    if (selector !== undefined) base.itemSelectorPath = field(where, selectorField, () => compilePathTemplate(selector, selectorField));
    if (state.ResultWriter?.Parameters !== undefined) base.resultWriterParameters = field(where, "ResultWriter/Parameters", () => compilePathTemplate(state.ResultWriter!.Parameters as JsonValue, "Parameters"));
    if (state.ItemReader?.Parameters !== undefined) base.itemReaderParameters = field(where, "ItemReader/Parameters", () => compilePathTemplate(state.ItemReader!.Parameters as JsonValue, "Parameters"));
    if (state.ItemBatcher?.BatchInput !== undefined) base.batchInputPath = field(where, "ItemBatcher/BatchInput", () => compilePathTemplate(state.ItemBatcher!.BatchInput as JsonValue, "BatchInput"));
  }
  base.maxConcurrency = numberSource(where, "MaxConcurrency", state.MaxConcurrency, state.MaxConcurrencyPath, jsonata);
  base.toleratedFailureCount = numberSource(where, "ToleratedFailureCount", state.ToleratedFailureCount, state.ToleratedFailureCountPath, jsonata);
  base.toleratedFailurePercentage = numberSource(where, "ToleratedFailurePercentage", state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, jsonata);
  if (state.ItemBatcher) base.maxItemsPerBatch = numberSource(where, "MaxItemsPerBatch", state.ItemBatcher.MaxItemsPerBatch, state.ItemBatcher.MaxItemsPerBatchPath, jsonata);
}

function compileChoice(stateName: string, rule: ChoiceRule, index: number, jsonata: boolean, where: string): CompiledChoice {
  if (typeof rule.Next !== "string") throw invalid(where, "a Choice rule needs Next");
  const id = branchId(stateName, "Choices", index);
  const assign = assignTemplates(where, rule.Assign, jsonata);
  if (jsonata) {
    if (typeof rule.Condition !== "string") throw invalid(where, "a JSONata Choice rule needs a Condition");
    const condition = rule.Condition;
    return {
      id, next: rule.Next, ...assign,
      condition: field(where, "Condition", () => compileJsonata(condition, "Condition")),
      ...(rule.Output !== undefined ? { output: field(where, "Output", () => compileJsonataTemplate(rule.Output as JsonValue, "Output")) } : {}),
    };
  }
  return { id, next: rule.Next, ...assign, predicate: field(where, "", () => compileRule(rule, `Choices[${index}]`)) };
}
