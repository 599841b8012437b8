import { createHash } from "node:crypto";
import type { HashAlgorithm } from "../syntax";

const NODE_NAMES: Record<HashAlgorithm, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

/** The hex digest of `text` (UTF-8) with a Step Functions hash algorithm. */
export function hashHex(algorithm: HashAlgorithm, text: string): string {
  return createHash(NODE_NAMES[algorithm]).update(text).digest("hex");
}
