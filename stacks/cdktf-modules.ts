/**
 * cdktf and the AWS provider resource classes the stacks use, loaded with require().
 *
 * Every stack module takes them from here instead of `import ... from "cdktf"` for speed: importing a
 * CommonJS package from an ES module makes Node run cjs-module-lexer over its source to find the named
 * exports, and cdktf's index re-exports ~370 files, each lexed, plus each large provider file: about
 * 0.4 s of CPU per synth, more than a quarter of the whole synth. require() returns the exports object
 * as it is. Source maps are off while loading (under tsx Node would otherwise parse the inline source
 * map of every one of those files) and back on for our own TypeScript.
 *
 * A new resource type: add its two lines below (value and type), deep path only, never the barrel.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const sourceMapsWereEnabled = process.sourceMapsEnabled;
process.setSourceMapsEnabled(false);

export const { App, AssetType, Fn, LocalBackend, S3Backend, TerraformAsset, TerraformOutput, TerraformStack, Testing } = require("cdktf") as typeof import("cdktf");
export type App = import("cdktf").App;
export type LocalBackend = import("cdktf").LocalBackend;
export type S3Backend = import("cdktf").S3Backend;
export type TerraformAsset = import("cdktf").TerraformAsset;
export type TerraformOutput = import("cdktf").TerraformOutput;
export type TerraformStack = import("cdktf").TerraformStack;
export type Testing = import("cdktf").Testing;

export const { ApiGatewayDeployment } = require("@cdktf/provider-aws/lib/api-gateway-deployment") as typeof import("@cdktf/provider-aws/lib/api-gateway-deployment");
export type ApiGatewayDeployment = import("@cdktf/provider-aws/lib/api-gateway-deployment").ApiGatewayDeployment;
export const { ApiGatewayIntegration } = require("@cdktf/provider-aws/lib/api-gateway-integration") as typeof import("@cdktf/provider-aws/lib/api-gateway-integration");
export type ApiGatewayIntegration = import("@cdktf/provider-aws/lib/api-gateway-integration").ApiGatewayIntegration;
export const { ApiGatewayMethod } = require("@cdktf/provider-aws/lib/api-gateway-method") as typeof import("@cdktf/provider-aws/lib/api-gateway-method");
export type ApiGatewayMethod = import("@cdktf/provider-aws/lib/api-gateway-method").ApiGatewayMethod;
export const { ApiGatewayMethodSettings } = require("@cdktf/provider-aws/lib/api-gateway-method-settings") as typeof import("@cdktf/provider-aws/lib/api-gateway-method-settings");
export type ApiGatewayMethodSettings = import("@cdktf/provider-aws/lib/api-gateway-method-settings").ApiGatewayMethodSettings;
export const { ApiGatewayResource } = require("@cdktf/provider-aws/lib/api-gateway-resource") as typeof import("@cdktf/provider-aws/lib/api-gateway-resource");
export type ApiGatewayResource = import("@cdktf/provider-aws/lib/api-gateway-resource").ApiGatewayResource;
export const { ApiGatewayRestApi } = require("@cdktf/provider-aws/lib/api-gateway-rest-api") as typeof import("@cdktf/provider-aws/lib/api-gateway-rest-api");
export type ApiGatewayRestApi = import("@cdktf/provider-aws/lib/api-gateway-rest-api").ApiGatewayRestApi;
export const { ApiGatewayStage } = require("@cdktf/provider-aws/lib/api-gateway-stage") as typeof import("@cdktf/provider-aws/lib/api-gateway-stage");
export type ApiGatewayStage = import("@cdktf/provider-aws/lib/api-gateway-stage").ApiGatewayStage;
export const { AwsProvider } = require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider");
export type AwsProvider = import("@cdktf/provider-aws/lib/provider").AwsProvider;
export const { CloudwatchEventBus } = require("@cdktf/provider-aws/lib/cloudwatch-event-bus") as typeof import("@cdktf/provider-aws/lib/cloudwatch-event-bus");
export type CloudwatchEventBus = import("@cdktf/provider-aws/lib/cloudwatch-event-bus").CloudwatchEventBus;
export const { CloudwatchEventRule } = require("@cdktf/provider-aws/lib/cloudwatch-event-rule") as typeof import("@cdktf/provider-aws/lib/cloudwatch-event-rule");
export type CloudwatchEventRule = import("@cdktf/provider-aws/lib/cloudwatch-event-rule").CloudwatchEventRule;
export const { CloudwatchEventTarget } = require("@cdktf/provider-aws/lib/cloudwatch-event-target") as typeof import("@cdktf/provider-aws/lib/cloudwatch-event-target");
export type CloudwatchEventTarget = import("@cdktf/provider-aws/lib/cloudwatch-event-target").CloudwatchEventTarget;
export const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group") as typeof import("@cdktf/provider-aws/lib/cloudwatch-log-group");
export type CloudwatchLogGroup = import("@cdktf/provider-aws/lib/cloudwatch-log-group").CloudwatchLogGroup;
export const { CloudwatchMetricAlarm } = require("@cdktf/provider-aws/lib/cloudwatch-metric-alarm") as typeof import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm");
export type CloudwatchMetricAlarm = import("@cdktf/provider-aws/lib/cloudwatch-metric-alarm").CloudwatchMetricAlarm;
export const { DataAwsCallerIdentity } = require("@cdktf/provider-aws/lib/data-aws-caller-identity") as typeof import("@cdktf/provider-aws/lib/data-aws-caller-identity");
export type DataAwsCallerIdentity = import("@cdktf/provider-aws/lib/data-aws-caller-identity").DataAwsCallerIdentity;
export const { DataAwsPartition } = require("@cdktf/provider-aws/lib/data-aws-partition") as typeof import("@cdktf/provider-aws/lib/data-aws-partition");
export type DataAwsPartition = import("@cdktf/provider-aws/lib/data-aws-partition").DataAwsPartition;
export const { DynamodbTable } = require("@cdktf/provider-aws/lib/dynamodb-table") as typeof import("@cdktf/provider-aws/lib/dynamodb-table");
export type DynamodbTable = import("@cdktf/provider-aws/lib/dynamodb-table").DynamodbTable;
export const { IamRole } = require("@cdktf/provider-aws/lib/iam-role") as typeof import("@cdktf/provider-aws/lib/iam-role");
export type IamRole = import("@cdktf/provider-aws/lib/iam-role").IamRole;
export const { IamRolePolicy } = require("@cdktf/provider-aws/lib/iam-role-policy") as typeof import("@cdktf/provider-aws/lib/iam-role-policy");
export type IamRolePolicy = import("@cdktf/provider-aws/lib/iam-role-policy").IamRolePolicy;
export const { LambdaEventSourceMapping } = require("@cdktf/provider-aws/lib/lambda-event-source-mapping") as typeof import("@cdktf/provider-aws/lib/lambda-event-source-mapping");
export type LambdaEventSourceMapping = import("@cdktf/provider-aws/lib/lambda-event-source-mapping").LambdaEventSourceMapping;
export const { LambdaFunction } = require("@cdktf/provider-aws/lib/lambda-function") as typeof import("@cdktf/provider-aws/lib/lambda-function");
export type LambdaFunction = import("@cdktf/provider-aws/lib/lambda-function").LambdaFunction;
export const { LambdaPermission } = require("@cdktf/provider-aws/lib/lambda-permission") as typeof import("@cdktf/provider-aws/lib/lambda-permission");
export type LambdaPermission = import("@cdktf/provider-aws/lib/lambda-permission").LambdaPermission;
export const { Sesv2ConfigurationSet } = require("@cdktf/provider-aws/lib/sesv2-configuration-set") as typeof import("@cdktf/provider-aws/lib/sesv2-configuration-set");
export type Sesv2ConfigurationSet = import("@cdktf/provider-aws/lib/sesv2-configuration-set").Sesv2ConfigurationSet;
export const { Sesv2EmailIdentity } = require("@cdktf/provider-aws/lib/sesv2-email-identity") as typeof import("@cdktf/provider-aws/lib/sesv2-email-identity");
export type Sesv2EmailIdentity = import("@cdktf/provider-aws/lib/sesv2-email-identity").Sesv2EmailIdentity;
export const { SfnStateMachine } = require("@cdktf/provider-aws/lib/sfn-state-machine") as typeof import("@cdktf/provider-aws/lib/sfn-state-machine");
export type SfnStateMachine = import("@cdktf/provider-aws/lib/sfn-state-machine").SfnStateMachine;
export const { SqsQueue } = require("@cdktf/provider-aws/lib/sqs-queue") as typeof import("@cdktf/provider-aws/lib/sqs-queue");
export type SqsQueue = import("@cdktf/provider-aws/lib/sqs-queue").SqsQueue;
export const { SqsQueuePolicy } = require("@cdktf/provider-aws/lib/sqs-queue-policy") as typeof import("@cdktf/provider-aws/lib/sqs-queue-policy");
export type SqsQueuePolicy = import("@cdktf/provider-aws/lib/sqs-queue-policy").SqsQueuePolicy;

process.setSourceMapsEnabled(sourceMapsWereEnabled);
