import type { ItemProcessor, MapState, QueryLanguage } from "../definition";
import type { MapProps, ProcessorOptions } from "./props";
import { FallibleNode, type RenderContext, type StateNode } from "./node";
import { renderFields } from "./fields";
import { STATE_KEYS, SUB_MACHINE_KEYS, ordered } from "./key-order";

/** Fields that only a distributed Map (child executions) understands. */
const DISTRIBUTED_ONLY = ["ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"];

/** Runs `itemProcessor`'s graph for each item, inline or as a distributed Map. */
export class MapNode<Q extends QueryLanguage = QueryLanguage> extends FallibleNode<Q> {
  readonly type = "Map";
  private processor: { start: StateNode; options: ProcessorOptions } | undefined;

  constructor(name: string, queryLanguage: Q, private readonly props: MapProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }

  itemProcessor(start: StateNode, options: ProcessorOptions = {}): this {
    if (this.processor !== undefined) this.fail(`already has an item processor starting at "${this.processor.start.name}"`);
    this.processor = { start, options };
    return this;
  }

  render(context: RenderContext): MapState {
    if (this.processor === undefined) this.fail("a Map needs an item processor (itemProcessor(...)); it has none");
    const { start, options } = this.processor;
    const fields = renderFields(this, this.props);
    const mode = options.mode ?? "INLINE";
    if (mode === "INLINE") {
      const misplaced = DISTRIBUTED_ONLY.filter((key) => fields[key] !== undefined);
      if (misplaced.length > 0) this.fail(`${misplaced.join(", ")} need a distributed Map: pass { mode: "DISTRIBUTED" } to itemProcessor()`);
      if (options.executionType !== undefined) this.fail("executionType applies to a distributed Map only");
    } else if (options.executionType === undefined) {
      this.fail('a distributed Map needs an executionType ("STANDARD" or "EXPRESS")');
    }
    for (const key of ["ToleratedFailurePercentage"] as const) {
      const value = fields[key];
      if (typeof value === "number" && (value < 0 || value > 100)) this.fail(`${key} must be between 0 and 100, got ${value}`);
    }
    const ProcessorConfig = options.mode === undefined ? undefined : { Mode: mode, ExecutionType: options.executionType };
    const scope = context.renderScope(start, this, "item processor");
    const ItemProcessor = ordered({ Comment: options.comment, ProcessorConfig, ...scope } as ItemProcessor, SUB_MACHINE_KEYS);
    const state = { ...this.header(context), ...fields, ItemProcessor, ...this.errorHandling(), ...this.transition() };
    return ordered(state as MapState, STATE_KEYS);
  }
}
