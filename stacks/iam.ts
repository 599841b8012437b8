/**
 * IAM policy documents as plain objects, rendered with JSON.stringify: Terraform references inside the
 * strings stay live (cdktf turns each token into `${aws_x.y.arn}`), and the synthesized policy is still
 * plain JSON that the tests parse and check.
 */
import type { Construct } from "constructs";
import { IamRole, IamRolePolicy } from "./cdktf-modules";

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  /** Absent only in trust policies, where the role itself is the resource. */
  Resource?: string | string[];
  Principal?: { Service: string } | { AWS: string } | "*";
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements } satisfies PolicyDocument);
}

/**
 * X-Ray's write actions have no resource-level permissions: AWS requires `Resource: "*"` for them.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 */
export const XRAY_WRITE: PolicyStatement = {
  Sid: "XRayTracesResourceStarRequiredByAws",
  Effect: "Allow",
  Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
  Resource: "*",
};

/** A role the given service assumes, with only the inline policy passed (no managed policies). */
export function serviceRole(
  scope: Construct,
  id: string,
  props: { name: string; service: string; sourceAccount: string; statements: PolicyStatement[] },
): { role: IamRole; policy: IamRolePolicy } {
  const role = new IamRole(scope, id, {
    name: props.name,
    assumeRolePolicy: policyDocument([
      {
        Effect: "Allow",
        Principal: { Service: props.service },
        Action: "sts:AssumeRole",
        // Confused-deputy guard: only this account's use of the service may assume the role.
        Condition: { StringEquals: { "aws:SourceAccount": props.sourceAccount } },
      },
    ]),
  });
  const policy = new IamRolePolicy(scope, `${id}-policy`, {
    name: `${props.name}-policy`,
    role: role.name,
    policy: policyDocument(props.statements),
  });
  return { role, policy };
}
