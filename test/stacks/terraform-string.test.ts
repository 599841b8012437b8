import { describe, expect, it } from "vitest";
import { escapeTerraformTemplate } from "../../stacks/terraform-string";
import { SqsQueue, TerraformStack, Testing } from "../../stacks/cdktf-modules";

describe("escapeTerraformTemplate", () => {
  it("escapes literal interpolations and directives but keeps cdktf references live", () => {
    const stack = new TerraformStack(Testing.app(), "escape");
    const dlq = new SqsQueue(stack, "dlq", { name: "dlq" });
    const text = JSON.stringify({ arn: dlq.arn, format: "order ${id}", directive: "%{ if x }", already: "$${kept}" });
    new SqsQueue(stack, "queue", { name: "queue", policy: escapeTerraformTemplate(text) });
    const synthesized = JSON.parse(Testing.synth(stack)) as { resource: { aws_sqs_queue: { queue: { policy: string } } } };
    expect(JSON.parse(synthesized.resource.aws_sqs_queue.queue.policy)).toEqual({
      arn: "${aws_sqs_queue.dlq.arn}",
      format: "order $${id}",
      directive: "%%{ if x }",
      // Terraform reads "$$${kept}" as "$" + literal "${kept}": the original "$${kept}".
      already: "$$${kept}",
    });
  });

  it("leaves text without templates alone", () => {
    expect(escapeTerraformTemplate('{"a":"$.b","c":"{% $x %}"}')).toBe('{"a":"$.b","c":"{% $x %}"}');
  });
});
