/** Simulated payment service: answers PaymentSuccessful or PaymentFailed as OUTCOME says. */
import { PAYMENT_STATUSES, type PaymentStatus } from "../../workflows/checkout-contract";
import { createServiceHandler, type ServiceHandlerOptions } from "../services/service-handler";

export type PaymentHandlerOptions = Omit<ServiceHandlerOptions<PaymentStatus>, "service" | "statuses">;

/** A payment handler with its own settings (local mode runs payment and shipping with different outcomes). */
export function createPaymentHandler(options: PaymentHandlerOptions = {}) {
  return createServiceHandler({ ...options, service: "payment", statuses: PAYMENT_STATUSES });
}

export const handler = createPaymentHandler();
