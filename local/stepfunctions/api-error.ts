/**
 * An error of the Step Functions API: the `code` is the exception name the SDKs and the AWS CLI map to
 * their typed errors (ExecutionAlreadyExists, TaskDoesNotExist, ...).
 */
export class SfnApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
