/**
 * SES stand-in: aws-ses-v2-local, which accepts SendEmail (v1 and v2 APIs), shows the mails on its web
 * page and returns them as JSON at `/store`.
 */
import sesLocalModule from "aws-ses-v2-local";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, LOCAL_HOST } from "../http/listen";

/** An email as `/store` returns it (the fields local mode reads). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export interface SesStandIn {
  endpoint: string;
  port: number;
  /** The emails received so far, read from the stand-in's JSON endpoint. */
  emails(): Promise<StoredEmail[]>;
  /** Forgets all emails (the store is per process: aws-ses-v2-local keeps it in a module). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

// A CommonJS module with `exports.default`: Node's ESM loader hands us the exports object, bundlers the function.
const sesLocal: typeof sesLocalModule =
  typeof sesLocalModule === "function" ? sesLocalModule : (sesLocalModule as unknown as { default: typeof sesLocalModule }).default;

export async function startSes(options: { port?: number } = {}): Promise<SesStandIn> {
  const server: Server = await sesLocal({ host: LOCAL_HOST, port: options.port ?? 0 });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${LOCAL_HOST}:${port}`;
  const standIn: SesStandIn = {
    endpoint,
    port,
    async emails() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`SES stand-in /store answered ${response.status}`);
      const store = (await response.json()) as { emails: StoredEmail[] };
      return store.emails;
    },
    async clear() {
      const response = await fetch(`${endpoint}/clear-store`, { method: "POST" });
      if (!response.ok) throw new Error(`SES stand-in /clear-store answered ${response.status}`);
    },
    close: () => closeServer(server),
  };
  await standIn.clear();
  return standIn;
}
