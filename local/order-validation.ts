/**
 * Checks an order against events/order.schema.json (the one schema every entry point uses) before
 * anything starts, and words each problem with the field it is about.
 */
import { readFileSync } from "node:fs";
import type { ErrorObject } from "ajv";
import orderSchema from "../events/order.schema.json";
import { compiledValidator, SCHEMA_IDS } from "../handlers/shared/schemas";
import type { Order } from "../workflows/checkout-contract";
import { UsageError } from "./cli";

const validate = compiledValidator(SCHEMA_IDS.order);

/** A bad order is bad input: a UsageError, so the commands print it plainly and exit 2. */
export class InvalidOrder extends UsageError {
  override name = "InvalidOrder";

  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid order:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** The order in `value`, or InvalidOrder listing every problem by field. */
export function checkOrder(value: unknown, source = "order"): Order {
  if (validate(value)) return value as Order;
  throw new InvalidOrder(source, (validate.errors ?? []).map(describe));
}

/** Reads and checks an order file; a missing file or bad JSON is also an InvalidOrder naming the file. */
export function readOrderFile(path: string): Order {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InvalidOrder(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidOrder(path, [`not JSON: ${(error as Error).message}`]);
  }
  return checkOrder(value, path);
}

function describe(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  switch (error.keyword) {
    case "required":
      return `field ${(error.params as { missingProperty: string }).missingProperty}: missing`;
    case "additionalProperties":
      return `field ${(error.params as { additionalProperty: string }).additionalProperty}: not an order field (allowed: ${Object.keys(orderSchema.properties).join(", ")})`;
    case "type":
      return field ? `field ${field}: must be a ${(error.params as { type: string }).type}` : `the order must be a JSON ${(error.params as { type: string }).type}`;
    default:
      return `field ${field || "(order)"}: ${error.message ?? error.keyword}`;
  }
}
