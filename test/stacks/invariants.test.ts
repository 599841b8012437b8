/**
 * Policy invariants checked over every resource of a type in the synthesized stack, so a resource added
 * later is held to the same rules: encryption, dead-letter queues, log retention, tracing, API
 * authorization, and IAM without `*` actions, public principals or `*` resources beyond AWS's exceptions.
 */
import { describe, expect, it } from "vitest";
import { LOG_RETENTION_DAYS } from "../../stacks/config";
import { asList, statementsOf, synthCheckout, type PolicyStatementJson, type TerraformResource } from "./synth-fixture";

const synth = synthCheckout();

/** Actions AWS offers no resource-level permission for, so `Resource: "*"` is required (and only these). */
const RESOURCE_STAR_REQUIRED = new Set([
  // X-Ray trace delivery.
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  // CloudWatch Logs vended log delivery, used by Step Functions execution logging.
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
]);

function each(type: string): [string, TerraformResource][] {
  const found = synth.resources(type);
  // An invariant over zero resources would pass vacuously: every type checked here must exist.
  expect(found.length, `no ${type} in the stack`).toBeGreaterThan(0);
  return found;
}

/** Every IAM policy document in the stack: role policies, trust policies, queue policies. */
function allPolicies(): { where: string; statements: PolicyStatementJson[]; trust: boolean }[] {
  const policies: { where: string; statements: PolicyStatementJson[]; trust: boolean }[] = [];
  for (const [type, resources] of Object.entries(synth.json.resource)) {
    for (const [name, resource] of Object.entries(resources)) {
      if ("policy" in resource) policies.push({ where: `${type}.${name}.policy`, statements: statementsOf(resource.policy), trust: false });
      if ("assume_role_policy" in resource) policies.push({ where: `${type}.${name}.assume_role_policy`, statements: statementsOf(resource.assume_role_policy), trust: true });
    }
  }
  return policies;
}

describe("IAM", () => {
  const policies = allPolicies();

  it("finds the policies to check (4 roles, 4 role policies, 2 queue policies)", () => {
    expect(policies.filter((p) => p.trust)).toHaveLength(4);
    expect(policies.filter((p) => !p.trust)).toHaveLength(6);
  });

  it("grants no wildcard action", () => {
    for (const { where, statements } of policies) {
      for (const statement of statements.filter((s) => s.Effect === "Allow")) {
        for (const action of asList(statement.Action)) expect(action, where).not.toContain("*");
      }
    }
  });

  it("grants Resource * only for the actions AWS requires it for (X-Ray, log delivery)", () => {
    for (const { where, statements } of policies.filter((p) => !p.trust)) {
      for (const statement of statements.filter((s) => s.Effect === "Allow")) {
        const resources = asList(statement.Resource);
        expect(resources.length, `${where} ${statement.Sid}: no Resource`).toBeGreaterThan(0);
        if (resources.some((resource) => resource.includes("*") && !resource.endsWith(":*"))) {
          expect(asList(statement.Action).filter((action) => !RESOURCE_STAR_REQUIRED.has(action)), `${where} ${statement.Sid}`).toEqual([]);
        }
      }
    }
  });

  it("allows no public principal; Deny statements are the only ones naming everyone", () => {
    for (const { where, statements } of policies) {
      for (const statement of statements) {
        const principal = JSON.stringify(statement.Principal ?? null);
        if (statement.Effect === "Allow") expect(principal, where).not.toContain('"*"');
      }
    }
  });

  it("lets each role be assumed by one AWS service, for this account only", () => {
    for (const { where, statements } of policies.filter((p) => p.trust)) {
      expect(statements, where).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: expect.stringMatching(/^(lambda|states)\.amazonaws\.com$/) },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.account.account_id}" } },
        },
      ]);
    }
  });

  it("gives every function its own role and attaches no managed policy", () => {
    const roles = each("aws_lambda_function").map(([, fn]) => fn.role);
    expect(new Set(roles).size).toBe(roles.length);
    expect(synth.resources("aws_iam_role_policy_attachment")).toEqual([]);
    for (const [name, role] of each("aws_iam_role")) expect(role, name).not.toHaveProperty("managed_policy_arns");
  });
});

describe("data at rest", () => {
  it("encrypts every table and keeps point-in-time recovery, on demand", () => {
    for (const [name, table] of each("aws_dynamodb_table")) {
      expect(table, name).toMatchObject({ server_side_encryption: { enabled: true }, point_in_time_recovery: { enabled: true }, billing_mode: "PAY_PER_REQUEST" });
    }
  });

  it("encrypts every queue", () => {
    for (const [name, queue] of each("aws_sqs_queue")) expect(queue.sqs_managed_sse_enabled === true || typeof queue.kms_master_key_id === "string", name).toBe(true);
  });
});

describe("failures are kept", () => {
  it("gives every queue that is not itself a DLQ a bounded redrive to one", () => {
    const queues = each("aws_sqs_queue");
    const redrives = queues.flatMap(([, q]) => (typeof q.redrive_policy === "string" ? [JSON.parse(q.redrive_policy) as { deadLetterTargetArn: string; maxReceiveCount: number }] : []));
    const dlqRefs = new Set(redrives.map((r) => r.deadLetterTargetArn));
    for (const [name, queue] of queues) {
      if (dlqRefs.has(`\${aws_sqs_queue.${name}.arn}`)) continue;
      expect(queue.redrive_policy, `${name} has no DLQ`).toBeTypeOf("string");
    }
    for (const redrive of redrives) {
      expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(1);
      expect(redrive.maxReceiveCount).toBeLessThanOrEqual(10);
    }
  });

  it("gives every EventBridge target a retry policy and a DLQ", () => {
    for (const [name, target] of each("aws_cloudwatch_event_target")) {
      expect(target, name).toMatchObject({ retry_policy: expect.any(Object), dead_letter_config: { arn: expect.stringMatching(/^\$\{aws_sqs_queue\..+\.arn\}$/) } });
    }
  });

  it("reports partial batch failures from every SQS event source", () => {
    for (const [name, mapping] of each("aws_lambda_event_source_mapping")) expect(mapping.function_response_types, name).toEqual(["ReportBatchItemFailures"]);
  });

  it("admits only EventBridge, only from this stack's rules, into every queue", () => {
    const ruleArns = each("aws_cloudwatch_event_rule").map(([name]) => `\${aws_cloudwatch_event_rule.${name}.arn}`).sort();
    for (const [name, policy] of each("aws_sqs_queue_policy")) {
      const allows = statementsOf(policy.policy).filter((s) => s.Effect === "Allow");
      expect(allows.length, name).toBeGreaterThan(0);
      for (const allow of allows) {
        expect(allow.Principal, name).toEqual({ Service: "events.amazonaws.com" });
        expect(allow.Action, name).toBe("sqs:SendMessage");
        expect([...asList(allow.Condition?.ArnEquals?.["aws:SourceArn"] as string[])].sort(), name).toEqual(ruleArns);
      }
    }
  });
});

describe("logs and traces", () => {
  it("sets a retention CloudWatch accepts on every log group", () => {
    for (const [name, group] of each("aws_cloudwatch_log_group")) expect(LOG_RETENTION_DAYS, name).toContain(group.retention_in_days);
  });

  it("makes every function log JSON to a log group of this stack, and trace", () => {
    const groups = new Set(each("aws_cloudwatch_log_group").map(([name]) => `\${aws_cloudwatch_log_group.${name}.name}`));
    for (const [name, fn] of each("aws_lambda_function")) {
      const logging = fn.logging_config as { log_format: string; log_group: string };
      expect(logging.log_format, name).toBe("JSON");
      expect(groups.has(logging.log_group), `${name} logs to ${logging.log_group}`).toBe(true);
      expect(fn.tracing_config, name).toEqual({ mode: "Active" });
      expect(fn, name).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"] });
    }
  });

  it("traces and logs every state machine", () => {
    for (const [name, machine] of each("aws_sfn_state_machine")) {
      expect(machine.tracing_configuration, name).toEqual({ enabled: true });
      expect(machine.logging_configuration, name).toMatchObject({ level: expect.stringMatching(/^(ALL|ERROR|FATAL)$/), log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..+\.arn\}:\*$/) });
    }
  });

  it("traces and access-logs every API stage", () => {
    for (const [name, stage] of each("aws_api_gateway_stage")) {
      expect(stage, name).toMatchObject({ xray_tracing_enabled: true, access_log_settings: { destination_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\./) } });
    }
  });
});

describe("API authorization", () => {
  it("requires IAM signatures on every method (never NONE)", () => {
    for (const [name, method] of each("aws_api_gateway_method")) expect(method.authorization, name).toBe("AWS_IAM");
  });

  it("scopes every Lambda permission to a source ARN of this stack's API", () => {
    for (const [name, permission] of each("aws_lambda_permission")) {
      expect(permission.source_arn, name).toMatch(/^\$\{aws_api_gateway_rest_api\.services-api\.execution_arn\}\/[^*]+\/POST\/[^*]+$/);
    }
  });
});
