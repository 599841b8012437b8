/** Simulated shipping service: answers ShippingSuccessful or ShippingFailed as OUTCOME says. */
import { SHIPPING_STATUSES, type ShippingStatus } from "../../workflows/checkout-contract";
import { createServiceHandler, type ServiceHandlerOptions } from "../services/service-handler";

export type ShippingHandlerOptions = Omit<ServiceHandlerOptions<ShippingStatus>, "service" | "statuses">;

/** A shipping handler with its own settings (local mode runs payment and shipping with different outcomes). */
export function createShippingHandler(options: ShippingHandlerOptions = {}) {
  return createServiceHandler({ ...options, service: "shipping", statuses: SHIPPING_STATUSES });
}

export const handler = createShippingHandler();
