/**
 * Makes states of one query language: `jsonPath.task(...)`, `jsonata.choice(...)`. The language is part
 * of each state's type, so fields of the other language are refused at compile time.
 */
import type { QueryLanguage } from "../definition";
import type { ServiceIntegration } from "./integrations";
import type { ChoiceProps, FailProps, IntegrationTaskProps, MapProps, ParallelProps, PassProps, SucceedProps, TaskProps, WaitProps } from "./props";
import { TaskNode } from "./task";
import { FailNode, PassNode, SucceedNode, WaitNode } from "./simple-states";
import { ChoiceNode } from "./choice";
import { ParallelNode } from "./parallel";
import { MapNode } from "./map";

export class StateFactory<Q extends QueryLanguage> {
  constructor(readonly queryLanguage: Q) {}

  /** A Task calling a service integration (see `dynamodb`, `eventBridge`, `apiGateway`, `lambda`, `awsSdk`). */
  task(name: string, integration: ServiceIntegration, props?: IntegrationTaskProps<Q>): TaskNode<Q>;
  /** A Task on a resource ARN (Lambda function, activity, or an integration you spell out). */
  task(name: string, resource: string, props?: TaskProps<Q>): TaskNode<Q>;
  task(name: string, target: string | ServiceIntegration, props?: TaskProps<Q> | IntegrationTaskProps<Q>): TaskNode<Q> {
    const given = props ?? ({} as TaskProps<Q>);
    return typeof target === "string"
      ? new TaskNode(name, this.queryLanguage, target, undefined, given)
      : new TaskNode(name, this.queryLanguage, target.resource, target, given);
  }

  pass(name: string, props?: PassProps<Q>): PassNode<Q> {
    return new PassNode(name, this.queryLanguage, props ?? ({} as PassProps<Q>));
  }

  wait(name: string, props: WaitProps<Q>): WaitNode<Q> {
    return new WaitNode(name, this.queryLanguage, props);
  }

  succeed(name: string, props?: SucceedProps<Q>): SucceedNode<Q> {
    return new SucceedNode(name, this.queryLanguage, props ?? ({} as SucceedProps<Q>));
  }

  fail(name: string, props?: FailProps<Q>): FailNode<Q> {
    return new FailNode(name, this.queryLanguage, props ?? ({} as FailProps<Q>));
  }

  choice(name: string, props?: ChoiceProps<Q>): ChoiceNode<Q> {
    return new ChoiceNode(name, this.queryLanguage, props ?? ({} as ChoiceProps<Q>));
  }

  parallel(name: string, props?: ParallelProps<Q>): ParallelNode<Q> {
    return new ParallelNode(name, this.queryLanguage, props ?? ({} as ParallelProps<Q>));
  }

  map(name: string, props?: MapProps<Q>): MapNode<Q> {
    return new MapNode(name, this.queryLanguage, props ?? ({} as MapProps<Q>));
  }
}

/** States that read and shape data with JSONPath (`InputPath`, `Parameters`, `ResultPath`, ...). */
export const jsonPath = new StateFactory("JSONPath");
/** States that read and shape data with JSONata (`Arguments`, `Output`, `{% ... %}`). */
export const jsonata = new StateFactory("JSONata");
