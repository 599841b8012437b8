/** The small languages inside ASL strings, parsed once for the validator and the interpreter. */
export * from "./intrinsic-ast";
export { IntrinsicSyntaxError, looksLikeIntrinsicCall, parseIntrinsic } from "./intrinsic-parser";
export { splitFormatTemplate } from "./format-template";
export { parsePathHead, type PathHead, type PathRoot } from "./path-head";
export { isPathFunction, PATH_FUNCTIONS, type PathFunctionName } from "./path-functions";
