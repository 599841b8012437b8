/**
 * What the local commands (`npm start`, `npm run checkout`) share on their command line: one error for a
 * wrong invocation, argument parsing that turns node:util's errors into it, and one way to end the
 * process, so that a user's mistake prints a plain message instead of a stack trace and every command
 * exits with the same codes.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Exit codes of the local commands. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The command was invoked wrongly or given bad input: printed as its message alone, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** node:util parseArgs's own errors (unknown option, missing value, stray positional...) carry these codes. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && (error as NodeJS.ErrnoException).code!.startsWith("ERR_PARSE_ARGS_");
}

/** parseArgs, with each of its errors turned into a UsageError that ends with `usage`. */
export function parseArgsOrUsage<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(`${error.message}\n${usage}`);
    throw error;
  }
}

/**
 * Runs a command's main and sets the exit code: its result when it returns; for a UsageError, 2 and its
 * message; for an error of one of the `failures` classes (a failure the user can act on, e.g. a port in
 * use), 1 and its message; for anything else, 1 and the whole error with its stack (a bug).
 */
export function runMain(main: () => Promise<number>, failures: readonly ErrorClass[] = []): Promise<void> {
  return main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exitCode = EXIT.usage;
      } else if (failures.some((known) => error instanceof known)) {
        console.error((error as Error).message);
        process.exitCode = EXIT.failure;
      } else {
        console.error(error);
        process.exitCode = EXIT.failure;
      }
    },
  );
}
