/**
 * How a refused SendTaskSuccess is answered. The state machine no longer listens to this request
 * (its task closed, timed out or never existed), so the answer only tells the caller, and the logs,
 * that no callback took place.
 */
export interface RefusedCallback {
  statusCode: number;
  message: string;
}

const GONE = "the task of this token is closed or has timed out: no callback was delivered";

const ANSWERS: Record<string, RefusedCallback> = {
  TaskDoesNotExist: { statusCode: 410, message: GONE },
  TaskTimedOut: { statusCode: 410, message: GONE },
  InvalidToken: { statusCode: 400, message: "taskToken is not a valid Step Functions task token: no callback was delivered" },
};

export function refusedCallback(errorName: string): RefusedCallback {
  return (
    ANSWERS[errorName] ?? {
      statusCode: 502,
      message: `Step Functions did not accept the callback (${errorName}): no callback was delivered`,
    }
  );
}
