import type { QueryLanguage, TaskState } from "../definition";
import type { ServiceIntegration } from "./integrations";
import type { IntegrationTaskProps, TaskProps } from "./props";
import { FallibleNode, type RenderContext } from "./node";
import { renderFields } from "./fields";
import { mentionsTaskToken, renderPayload } from "./payload";
import { STATE_KEYS, ordered } from "./key-order";

export class TaskNode<Q extends QueryLanguage = QueryLanguage> extends FallibleNode<Q> {
  readonly type = "Task";

  constructor(
    name: string,
    queryLanguage: Q,
    readonly resource: string,
    readonly integration: ServiceIntegration | undefined,
    private readonly props: TaskProps<Q> | IntegrationTaskProps<Q>,
  ) {
    super(name, queryLanguage, props.Comment);
  }

  render(context: RenderContext): TaskState {
    const fields = renderFields(this, this.props);
    const payloadField = this.queryLanguage === "JSONPath" ? "Parameters" : "Arguments";
    if (this.integration !== undefined) {
      fields[payloadField] = renderPayload(this.integration.payload, this.queryLanguage, this.name, payloadField);
      context.addPermissions(this.integration.permissions);
    } else if (/^arn:[^:]+:lambda:/.test(this.resource)) {
      context.addPermissions([{ service: "lambda", actions: ["lambda:InvokeFunction"], target: this.resource }]);
    }
    if (this.resource.endsWith(".waitForTaskToken") && !mentionsTaskToken(fields[payloadField])) {
      this.fail(`waits for a task token (.waitForTaskToken) but its ${payloadField} never pass $$.Task.Token, so no one could ever answer it`);
    }
    const { TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat } = fields;
    if (typeof timeout === "number" && typeof heartbeat === "number" && heartbeat >= timeout) {
      this.fail(`HeartbeatSeconds (${heartbeat}) must be smaller than TimeoutSeconds (${timeout})`);
    }
    for (const [field, value] of [["TimeoutSeconds", timeout], ["HeartbeatSeconds", heartbeat]] as const) {
      if (typeof value === "number" && (!Number.isInteger(value) || value < 1)) this.fail(`${field} must be a positive integer, got ${value}`);
    }
    const state = { ...this.header(context), Resource: this.resource, ...fields, ...this.errorHandling(), ...this.transition() };
    return ordered(state as TaskState, STATE_KEYS);
  }
}
