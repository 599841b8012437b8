/**
 * The REST API's deployment is a snapshot: the stage serves it until a new one is made, and Terraform makes
 * one only when `triggers.redeployment` changes. So the trigger must change with every resource, method and
 * integration, including in-place updates (an integration's uri or timeout) that keep their ids.
 */
import { describe, expect, it } from "vitest";
import { ApiGatewayDeployment, ApiGatewayIntegration, ApiGatewayMethod, ApiGatewayResource, ApiGatewayStage } from "../../stacks/cdktf-modules";
import { synthCheckout } from "./synth-fixture";

const synth = synthCheckout();
const [[deploymentName, deployment]] = synth.resources(ApiGatewayDeployment.tfResourceType) as [[string, { triggers?: { redeployment?: string }; depends_on?: string[] }]];

/** The references inside `${sha1(jsonencode([a.b.c, ...]))}`, or a failure naming what the trigger is instead. */
function hashedReferences(trigger: string | undefined): string[] {
  const match = /^\$\{sha1\(jsonencode\(\[(.*)\]\)\)\}$/.exec(trigger ?? "");
  if (!match) throw new Error(`triggers.redeployment is not \${sha1(jsonencode([...]))}: ${trigger}`);
  return match[1]!.split(",").map((reference) => reference.trim());
}

/** Arguments of a resource that identify it: changing one replaces it under a new id (or the same API path). */
const IDENTITY_ARGUMENTS = new Set(["rest_api_id", "resource_id", "parent_id", "http_method", "path_part", "depends_on", "lifecycle"]);

describe("API deployment trigger", () => {
  const hashed = hashedReferences(deployment.triggers?.redeployment);

  it("is computed by Terraform from the planned values, as the provider's docs recommend", () => {
    expect(deployment.triggers?.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_resource\./);
    expect(hashed.every((reference) => /^aws_api_gateway_(resource|method|integration)\.[\w-]+\.\w+$/.test(reference))).toBe(true);
  });

  it("hashes the id of every resource, method and integration of the API", () => {
    for (const type of [ApiGatewayResource, ApiGatewayMethod, ApiGatewayIntegration]) {
      const names = synth.resources(type.tfResourceType).map(([name]) => name);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(hashed, `${type.tfResourceType}.${name}.id`).toContain(`${type.tfResourceType}.${name}.id`);
    }
  });

  it("hashes every setting a method or integration can change in place, the integration uri and timeout included", () => {
    for (const type of [ApiGatewayMethod, ApiGatewayIntegration]) {
      for (const [name, resource] of synth.resources(type.tfResourceType)) {
        const inPlace = Object.keys(resource).filter((argument) => !IDENTITY_ARGUMENTS.has(argument));
        expect(inPlace.length).toBeGreaterThan(0);
        for (const argument of inPlace) expect(hashed, `${name}.${argument}`).toContain(`${type.tfResourceType}.${name}.${argument}`);
      }
    }
    for (const [name] of synth.resources(ApiGatewayIntegration.tfResourceType)) {
      expect(hashed).toContain(`${ApiGatewayIntegration.tfResourceType}.${name}.uri`);
      expect(hashed).toContain(`${ApiGatewayIntegration.tfResourceType}.${name}.timeout_milliseconds`);
    }
  });

  it("is created before the routes it snapshots, replaced before destroy, and served by the stage", () => {
    const routeElements = [ApiGatewayMethod, ApiGatewayIntegration].flatMap((type) => synth.resources(type.tfResourceType).map(([name]) => `${type.tfResourceType}.${name}`));
    expect([...(deployment.depends_on ?? [])].sort()).toEqual(routeElements.sort());
    expect(deployment).toMatchObject({ lifecycle: { create_before_destroy: true } });
    const stages = synth.resources(ApiGatewayStage.tfResourceType).map(([, stage]) => stage);
    expect(stages).toHaveLength(1);
    expect(stages[0]).toMatchObject({ deployment_id: `\${${ApiGatewayDeployment.tfResourceType}.${deploymentName}.id}` });
  });
});
