/**
 * The whole checkout on this machine: the stand-ins (stand-ins.ts) plus the Step Functions API over HTTP,
 * backed by the ASL interpreter running the very definition the stacks deploy, rendered with local names.
 * Everything is in-process, on free ports by default, and `stop()` leaves no open handle.
 */
import { SFNClient } from "@aws-sdk/client-sfn";
import type { StateMachineDefinition } from "../asl/definition";
import { checkoutStateMachine } from "../workflows/checkout";
import { LOCAL_ACCOUNT, LOCAL_NAMES, LOCAL_REGION } from "./resources";
import { startStandIns, type StandInOptions, type StandIns } from "./stand-ins";
import { localIntegrations } from "./stepfunctions/integrations";
import { interpreterEngine } from "./stepfunctions/interpreter-engine";
import { startStepFunctionsApi, type StepFunctionsStandIn } from "./stepfunctions/server";
import { StepFunctionsService } from "./stepfunctions/service";

export interface LocalCheckoutOptions extends StandInOptions {
  ports?: StandInOptions["ports"] & { stepFunctions?: number };
  paymentTimeoutSeconds?: number;
  shippingTimeoutSeconds?: number;
}

export interface LocalCheckout extends StandIns {
  stepFunctions: StepFunctionsStandIn;
  service: StepFunctionsService;
  stateMachineArn: string;
  definition: StateMachineDefinition;
  /** A Step Functions client on the local endpoint. */
  sfn: SFNClient;
  urls: { stepFunctions: string; dynamoDb: string; ses: string; sesStore: string; apiGateway: string };
}

const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export async function startLocalCheckout(options: LocalCheckoutOptions = {}): Promise<LocalCheckout> {
  const standIns = await startStandIns(options);
  const closers: Array<() => Promise<void>> = [];
  try {
    const engine = interpreterEngine({
      integrations: localIntegrations({ dynamoDb: standIns.dynamoDbClient, bus: standIns.bus }),
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
    });
    const service = new StepFunctionsService(engine, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
    closers.push(() => service.shutdown());
    const definition = checkoutStateMachine({
      ordersTableName: LOCAL_NAMES.ordersTable,
      eventBusName: LOCAL_NAMES.eventBus,
      apiEndpoint: standIns.apiGateway.host,
      apiStage: LOCAL_NAMES.apiStage,
      paymentTimeoutSeconds: options.paymentTimeoutSeconds,
      shippingTimeoutSeconds: options.shippingTimeoutSeconds,
    }).toJSON() as StateMachineDefinition;
    const stateMachineArn = service.register(LOCAL_NAMES.stateMachine, definition);
    const stepFunctions = await startStepFunctionsApi(service, { port: options.ports?.stepFunctions });
    closers.push(stepFunctions.close);
    standIns.env.set({ AWS_ENDPOINT_URL_SFN: stepFunctions.endpoint });
    const sfn = new SFNClient({ endpoint: stepFunctions.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    closers.push(async () => sfn.destroy());

    const stop = async () => {
      // Executions first (their timers and HTTP calls), then the servers they call.
      for (const close of closers) await close().catch(() => undefined);
      closers.length = 0;
      await standIns.stop();
    };
    return {
      ...standIns,
      stepFunctions,
      service,
      stateMachineArn,
      definition,
      sfn,
      urls: {
        stepFunctions: stepFunctions.endpoint,
        dynamoDb: standIns.dynamoDb.endpoint,
        ses: standIns.ses.endpoint,
        sesStore: `${standIns.ses.endpoint}/store`,
        apiGateway: standIns.apiGateway.stageUrl,
      },
      stop,
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    await standIns.stop();
    throw error;
  }
}
