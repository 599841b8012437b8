import { describe, expect, it } from "vitest";
import { cond, dynamodb, intrinsic, jsonPath, path, stateMachine } from "../../asl";

function pollingLoop() {
  const start = jsonPath.pass("Start", { Result: { attempts: 0 }, ResultPath: "$.poll" });
  const check = jsonPath.task("Check Job", "arn:aws:lambda:eu-west-1:123456789012:function:check", { ResultPath: "$.job" });
  const count = jsonPath.pass("Count Attempt", { Parameters: { attempts: intrinsic.mathAdd(path("$.poll.attempts"), 1) }, ResultPath: "$.poll" });
  const wait = jsonPath.wait("Wait Before Polling", { Seconds: 10 });
  const done = jsonPath.succeed("Job Done");
  const gaveUp = jsonPath.fail("Gave Up", { Error: "TooManyAttempts" });
  start.next(check).next(count);
  count.next(
    jsonPath
      .choice("Finished?")
      .when(cond.stringEquals("$.job.status", "DONE"), done)
      .when(cond.numericGreaterThanEquals("$.poll.attempts", 5), gaveUp)
      .otherwise(wait),
  );
  wait.next(check); // the loop: back to an earlier state, by reference
  return stateMachine({ startAt: start, comment: "polling" });
}

describe("graphs", () => {
  it("expresses loops by referring back to an earlier state", () => {
    const json = pollingLoop().toJSON();
    expect(json.States["Wait Before Polling"]).toStrictEqual({ Type: "Wait", Seconds: 10, Next: "Check Job" });
    expect(Object.keys(json.States)).toStrictEqual(["Start", "Check Job", "Count Attempt", "Finished?", "Job Done", "Gave Up", "Wait Before Polling"]);
  });

  it("lists every state name, nested ones included", () => {
    const parallel = jsonPath.parallel("Fan").branch(jsonPath.map("Each").itemProcessor(jsonPath.pass("Item")));
    parallel.next(jsonPath.succeed("End Here"));
    expect(stateMachine({ startAt: parallel }).stateNames()).toStrictEqual(["Fan", "Each", "Item", "End Here"]);
  });

  it("a self-loop is fine too", () => {
    const retryItself = jsonPath.task("Again", "arn:aws:lambda:eu-west-1:123456789012:function:f");
    retryItself.catch(["Busy"], retryItself);
    expect(stateMachine({ startAt: retryItself }).toJSON().States.Again).toMatchObject({ Catch: [{ ErrorEquals: ["Busy"], Next: "Again" }], End: true });
  });

  it("writes only reachable states: an unreferenced state cannot be in the output", () => {
    const start = jsonPath.pass("Reachable");
    const orphan = jsonPath.pass("Orphan");
    orphan.next(start);
    expect(Object.keys(stateMachine({ startAt: start }).toJSON().States)).toStrictEqual(["Reachable"]);
  });

  it("orders states along normal flow first, then error handlers", () => {
    const recover = jsonPath.pass("Recover");
    const work = jsonPath.task("Work", "arn:aws:lambda:eu-west-1:123456789012:function:f").catch(["States.ALL"], recover);
    const finish = jsonPath.succeed("Finish");
    work.next(finish);
    recover.next(finish);
    expect(Object.keys(stateMachine({ startAt: work }).toJSON().States)).toStrictEqual(["Work", "Finish", "Recover"]);
  });

  it("the same states build into several machines", () => {
    const put = jsonPath.task("Put", dynamodb.putItem({ TableName: "t", Item: { id: { S: path("$.id") } } }));
    const a = stateMachine({ startAt: put });
    const b = stateMachine({ startAt: put });
    expect(a.toString()).toBe(b.toString());
  });
});

describe("deterministic output", () => {
  it("same input, same bytes; two-space indent and a trailing newline", () => {
    const first = pollingLoop().toString();
    const second = pollingLoop().toString();
    expect(first).toBe(second);
    expect(first.endsWith("}\n")).toBe(true);
    expect(first).toContain('\n  "StartAt": "Start",\n');
  });

  it("writes keys in a stable, readable order whatever order they were given in", () => {
    const task = jsonPath
      .task("Ordered", "arn:aws:lambda:eu-west-1:123456789012:function:f", {
        OutputPath: "$",
        ResultPath: "$.r",
        ResultSelector: { a: path("$.a") },
        TimeoutSeconds: 5,
        Parameters: { b: 1 },
        InputPath: "$",
        Comment: "c",
      })
      .catch(["States.ALL"], jsonPath.succeed("S"), { ResultPath: "$.e", Comment: "why" })
      .retry({ JitterStrategy: "FULL", MaxAttempts: 2, ErrorEquals: ["E"], IntervalSeconds: 1 });
    const machine = stateMachine({ startAt: task, version: "1.0", timeoutSeconds: 60, comment: "top" });
    const json = machine.toJSON();
    expect(Object.keys(json)).toStrictEqual(["Comment", "StartAt", "QueryLanguage", "TimeoutSeconds", "Version", "States"]);
    const state = json.States.Ordered!;
    expect(Object.keys(state)).toStrictEqual([
      "Type", "Comment", "Resource", "InputPath", "Parameters", "TimeoutSeconds", "ResultSelector", "ResultPath", "OutputPath", "Retry", "Catch", "End",
    ]);
    if (state.Type !== "Task") throw new Error("expected a Task");
    expect(Object.keys(state.Retry![0]!)).toStrictEqual(["ErrorEquals", "IntervalSeconds", "MaxAttempts", "JitterStrategy"]);
    expect(Object.keys(state.Catch![0]!)).toStrictEqual(["ErrorEquals", "Comment", "ResultPath", "Next"]);
  });

  it("toJSON returns a copy the caller may change", () => {
    const machine = pollingLoop();
    const json = machine.toJSON();
    json.StartAt = "changed";
    expect(machine.toJSON().StartAt).toBe("Start");
    expect(JSON.parse(machine.toString())).toStrictEqual(machine.toJSON());
  });

  it("refuses a machine timeout that is not a positive integer", () => {
    expect(() => stateMachine({ startAt: jsonPath.succeed("x"), timeoutSeconds: 0 })).toThrow(/TimeoutSeconds/);
  });
});
