/** Public API of the in-process ASL interpreter. */
export { Interpreter, runStateMachine, nameProblem, assertValidName } from "./interpreter";
export type { InterpreterOptions, StateMachine, StateMachineOptions, StartExecutionOptions } from "./interpreter";
export { Execution } from "./execution";
export type { ExecutionResult, ExecutionStatus } from "./execution";
export { RealClock, VirtualClock } from "./clock";
export type { Clock, VirtualClockOptions } from "./clock";
export { StatesError, SfnApiError, errorMatches } from "./errors";
export type { HistoryEvent, HistoryEventType } from "./history";
export type {
  Integrations, IntegrationPattern, ItemReaderHandler, MockResponse, StateMocks, TaskCallbacks, TaskHandler, TaskRequest,
} from "./integrations";
export { InMemoryDynamoDbTable, InMemoryDynamoDb } from "./memory/dynamodb";
export type { DynamoDbOperation, InjectedFault } from "./memory/dynamodb";
export { InMemoryEventBus } from "./memory/event-bus";
export { InMemoryLambda, functionName } from "./memory/lambda";
export type { LocalFunction } from "./memory/lambda";
export type { EventBusFault, PutEventsEntry } from "./memory/event-bus";
export { BranchCoverage, enumerateBranches } from "./coverage";
export type { Branch } from "./coverage";
