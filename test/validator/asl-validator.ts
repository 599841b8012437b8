/**
 * asl-validator (dev dependency, for tests, benchmark and docs only: asl/ never uses it). It ships no
 * type declarations, so its one function is typed here.
 */
import { createRequire } from "node:module";

export interface AslValidatorResult {
  isValid: boolean;
  errors: { "Error code": string; Message?: string }[];
}
type AslValidator = (definition: unknown) => AslValidatorResult;

const required = createRequire(import.meta.url)("asl-validator") as AslValidator | { default: AslValidator };
export const aslValidator: AslValidator = typeof required === "function" ? required : required.default;
