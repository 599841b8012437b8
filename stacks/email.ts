/**
 * The SES sender identity and its default configuration set, which refuses to deliver over plain SMTP
 * (TLS required), suppresses addresses that bounced or complained, and tracks reputation. The identity
 * is created here but verified by its owner (the email SES sends on apply, or DNS for a domain).
 */
import type { Construct } from "constructs";
import { Sesv2ConfigurationSet, Sesv2EmailIdentity } from "./cdktf-modules";

export interface SenderIdentity {
  identity: Sesv2EmailIdentity;
  configurationSet: Sesv2ConfigurationSet;
}

export function addSenderIdentity(scope: Construct, props: { namePrefix: string; senderEmail: string }): SenderIdentity {
  const configurationSet = new Sesv2ConfigurationSet(scope, "email-configuration-set", {
    configurationSetName: `${props.namePrefix}-notifications`,
    deliveryOptions: { tlsPolicy: "REQUIRE" },
    reputationOptions: { reputationMetricsEnabled: true },
    sendingOptions: { sendingEnabled: true },
    suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
  });
  const identity = new Sesv2EmailIdentity(scope, "sender-identity", {
    emailIdentity: props.senderEmail,
    // The default set applies to every email sent from this identity, so the notifier needs no setting.
    configurationSetName: configurationSet.configurationSetName,
  });
  return { identity, configurationSet };
}
