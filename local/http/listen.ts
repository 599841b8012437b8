/**
 * Listening and closing for the stand-ins' HTTP servers: free ports by default, and a close that also
 * drops the SDK clients' keep-alive sockets, so a stopped stand-in leaves no open handle behind.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export const LOCAL_HOST = "127.0.0.1";

/** A port that cannot be bound (in use, not permitted): a user's error, reported by its message alone. */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

/** Listens on `port` (0 = a free one) and returns the port actually bound. */
export function listen(server: Server, port = 0, host = LOCAL_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(new ListenError(`cannot listen on ${host}:${port}: ${error.message}`));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Reads a whole request body as UTF-8 text, refusing bodies over `limit` bytes. */
export function readBody(request: import("node:http").IncomingMessage, limit = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
