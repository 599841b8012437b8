/** Misuse of the builder, found while building; the message always names the state at fault. */
export class AslBuildError extends Error {
  constructor(
    readonly stateName: string | undefined,
    detail: string,
  ) {
    super(stateName === undefined ? detail : `State "${stateName}": ${detail}`);
    this.name = "AslBuildError";
  }
}
