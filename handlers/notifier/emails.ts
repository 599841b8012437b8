import type { DetailType } from "../../workflows/checkout-contract";

export interface Email {
  subject: string;
  body: string;
}

/** The contract's email table (shared/checkout-contract.md, "Emails"); `brand` replaces <Brand>. */
const TEMPLATES: Record<DetailType, (brand: string) => Email> = {
  PaymentFailed: (brand) => ({
    subject: `${brand}'s Payment Failed`,
    body: `Hello, your payment to ${brand} is unsuccessful. Please try again.`,
  }),
  ShippingFailed: (brand) => ({
    subject: `${brand}'s Order Confirmed`,
    body: "Hello, your order is confirmed. Shipping details will arrive shortly.",
  }),
  ShippingSuccessful: (brand) => ({
    subject: `${brand}'s Order Confirmed`,
    body: "Hello, your order is confirmed. Please refer to shipping email for more details.",
  }),
  CheckoutFailed: (brand) => ({
    subject: `${brand}'s Order Could Not Be Processed`,
    body: "Hello, we could not process your order. You have not been charged.",
  }),
};

export function renderEmail(detailType: DetailType, brand: string): Email {
  return TEMPLATES[detailType](brand);
}
