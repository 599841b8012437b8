/** The small languages inside ASL strings, read one way by the builder, the validator and the interpreter. */
export * from "./intrinsic-ast";
export { IntrinsicSyntaxError, looksLikeIntrinsicCall, parseIntrinsic } from "./intrinsic-parser";
export { splitFormatTemplate } from "./format-template";
export { parsePathHead, type PathHead, type PathRoot } from "./path-head";
export { isPathFunction, PATH_FUNCTIONS, type PathFunctionName } from "./path-functions";
export { memoize, DEFAULT_CACHE_LIMIT } from "./cache";
export {
  isJsonataExpression, jsonataBody, JSONATA_EXPRESSION_PATTERN, looksLikeJsonata, parseJsonata, STEP_FUNCTIONS_JSONATA_FUNCTIONS,
  type JsonataParse, type StepFunctionsJsonataFunction,
} from "./jsonata";
export { parseTimestamp, TIMESTAMP_PATTERN } from "./timestamp";
export { HASH_ALGORITHMS, isHashAlgorithm, type HashAlgorithm } from "./hash";
export { pointer, pointerTokens } from "./json-pointer";
