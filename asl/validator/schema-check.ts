/**
 * Runs the ASL JSON Schema through ajv and turns ajv's errors into diagnostics.
 *
 * The validator function is compiled once, on first use, and cached for the life of the process
 * (ajv's standalone code generation was considered: it saves the one-off compile, measured in
 * bench/validator.bench.ts, at the price of a generated file to keep fresh; not worth it).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { Report } from "./diagnostic";
import { definitionSchema } from "./schema";

let compiled: ValidateFunction | undefined;

/** The compiled schema validator (compiling it on first call). */
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, strict: true, strictTypes: false });
    addFormats(ajv, ["date-time"]);
    compiled = ajv.compile(definitionSchema);
  }
  return compiled;
}

function describe(error: ErrorObject): { location: string; message: string } {
  const at = error.instancePath;
  switch (error.keyword) {
    case "additionalProperties": {
      const field = String(error.params.additionalProperty);
      return { location: `${at}/${field.replace(/~/g, "~0").replace(/\//g, "~1")}`, message: `field "${field}" is not allowed here${stateTypeSuffix(error)}` };
    }
    case "required":
      return { location: at, message: `missing required field "${String(error.params.missingProperty)}"${stateTypeSuffix(error)}` };
    case "anyOf":
      return { location: at, message: String((error.parentSchema as { description?: string } | undefined)?.description ?? error.message) };
    case "discriminator":
      return {
        location: `${at}/Type`,
        message: error.params.error === "tag"
          ? "Type must be a string naming a state type"
          : `unknown state Type ${JSON.stringify(error.params.tagValue)}: expected Task, Pass, Wait, Succeed, Fail, Choice, Parallel or Map`,
      };
    case "enum":
      return { location: at, message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    case "const":
      return { location: at, message: `must be ${JSON.stringify(error.params.allowedValue)}` };
    default:
      return { location: at, message: error.message ?? `fails schema keyword ${error.keyword}` };
  }
}

function hasType(data: unknown): boolean {
  return typeof data === "object" && data !== null && "Type" in data;
}

function stateTypeSuffix(error: ErrorObject): string {
  const data = error.data as { Type?: unknown } | undefined;
  return typeof data?.Type === "string" && error.schemaPath.includes("/oneOf/") ? ` in a ${data.Type} state` : "";
}

/** Validates the definition's shape against the schema, reporting every violation. */
export function checkSchema(definition: unknown, report: Report): void {
  const validate = schemaValidator();
  if (validate(definition)) return;
  const errors = validate.errors ?? [];
  // Branch failures of an anyOf are summed up by the anyOf's own error (its description).
  const summarised = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "anyOf" && summarised.has(error.instancePath)) continue;
    // A missing or unknown Type is reported once, by `required` or the discriminator.
    if (error.keyword === "discriminator" && error.params.error === "tag" && !hasType(error.data)) continue;
    if (error.keyword === "enum" && error.schemaPath.endsWith("/properties/Type/enum") && !error.schemaPath.includes("/oneOf/")) continue;
    const { location, message } = describe(error);
    const key = `${location}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report.error("SCHEMA_VALIDATION_FAILED", location, message);
  }
}
