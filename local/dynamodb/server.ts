/**
 * DynamoDB stand-in: dynalite (DynamoDB's API on LevelDB), in memory by default or on disk under `path`.
 */
import dynalite from "dynalite";
import { closeServer, listen, LOCAL_HOST } from "../http/listen";

export interface DynamoDbStandIn {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export interface DynamoDbOptions {
  port?: number;
  /** A directory for LevelDB files; omitted, the data lives in memory and dies with the process. */
  path?: string;
}

export async function startDynamoDb(options: DynamoDbOptions = {}): Promise<DynamoDbStandIn> {
  // Tables are ACTIVE at once: the 500 ms CREATING state dynalite defaults to only slows local runs.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  const port = await listen(server, options.port);
  return { endpoint: `http://${LOCAL_HOST}:${port}`, port, close: () => closeServer(server) };
}
