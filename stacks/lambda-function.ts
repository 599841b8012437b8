/**
 * One Lambda function of the checkout: its zip as a TerraformAsset, its own log group with retention, its
 * own role holding only its own permissions, JSON logs and active tracing, Node.js 22 on arm64.
 */
import type { Construct } from "constructs";
import { LAMBDA_HANDLER } from "../handlers/bundle/layout";
import type { FunctionName } from "../workflows/checkout-contract";
import type { FunctionPackage } from "./function-code";
import { serviceRole, XRAY_WRITE, type PolicyStatement } from "./iam";
import { AssetType, CloudwatchLogGroup, LambdaFunction, TerraformAsset } from "./cdktf-modules";

export const LAMBDA_RUNTIME = "nodejs22.x";

export interface CheckoutFunctionProps {
  name: FunctionName;
  namePrefix: string;
  accountId: string;
  code: FunctionPackage;
  timeoutSeconds: number;
  memoryMb: number;
  logRetentionDays: number;
  environment: Record<string, string>;
  /** The function's own permissions, beside writing its logs and traces. */
  statements: PolicyStatement[];
}

export interface CheckoutFunction {
  fn: LambdaFunction;
  logGroup: CloudwatchLogGroup;
}

export function addFunction(scope: Construct, props: CheckoutFunctionProps): CheckoutFunction {
  const functionName = `${props.namePrefix}-${props.name}`;
  // Created before the function, so Lambda never auto-creates one without retention.
  const logGroup = new CloudwatchLogGroup(scope, `${props.name}-logs`, {
    name: `/aws/lambda/${functionName}`,
    retentionInDays: props.logRetentionDays,
  });
  const { role, policy } = serviceRole(scope, `${props.name}-role`, {
    name: `${functionName}-role`,
    service: "lambda.amazonaws.com",
    sourceAccount: props.accountId,
    statements: [
      { Sid: "OwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:*` },
      XRAY_WRITE,
      ...props.statements,
    ],
  });
  const asset = new TerraformAsset(scope, `${props.name}-code`, {
    path: props.code.zipPath,
    type: AssetType.FILE,
    assetHash: props.code.assetHash,
  });
  const fn = new LambdaFunction(scope, `${props.name}-function`, {
    functionName,
    description: `Checkout ${props.name} (${props.namePrefix})`,
    role: role.arn,
    runtime: LAMBDA_RUNTIME,
    architectures: ["arm64"],
    handler: LAMBDA_HANDLER,
    filename: asset.path,
    // From the zip's bytes, which only change with the code: an unchanged function is not redeployed.
    sourceCodeHash: props.code.sourceCodeHash,
    timeout: props.timeoutSeconds,
    memorySize: props.memoryMb,
    environment: { variables: { NODE_OPTIONS: "--enable-source-maps", ...props.environment } },
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
    tracingConfig: { mode: "Active" },
    dependsOn: [logGroup, policy],
  });
  return { fn, logGroup };
}
