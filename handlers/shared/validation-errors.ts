import type { ErrorObject } from "ajv";

/**
 * Ajv's errors as one sentence that names each culprit by its path in the document, e.g.
 * `order.Email must match format "email"; body must have required property 'taskToken'`.
 * Values are never quoted, so no personal data reaches an answer or a log.
 */
export function describeValidationErrors(errors: readonly ErrorObject[] | null | undefined, root: string): string {
  if (!errors?.length) return `${root} is invalid`;
  const sentences = errors.map((error) => {
    const path = [root, ...error.instancePath.split("/").slice(1).map(unescapePointer)].join(".");
    const params = error.params as { additionalProperty?: string; allowedValue?: unknown };
    if (error.keyword === "additionalProperties" && params.additionalProperty !== undefined) {
      return `${path} has unknown property '${params.additionalProperty}'`;
    }
    if (error.keyword === "const" && params.allowedValue !== undefined) {
      return `${path} must be ${JSON.stringify(params.allowedValue)}`;
    }
    return `${path} ${error.message ?? "is invalid"}`;
  });
  return [...new Set(sentences)].join("; ");
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
