/**
 * Timestamps in Wait and Choice: AWS requires an uppercase "T" between date and time and an uppercase
 * "Z" for UTC, stricter than RFC 3339, so a lowercase one that would fail at run time is refused here.
 */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../asl/validator";
import { found, machine } from "./helpers";

const wait = (Timestamp: string) => machine({ W: { Type: "Wait", Timestamp, End: true } });
const choice = (TimestampEquals: string) =>
  machine({
    C: { Type: "Choice", Choices: [{ Variable: "$.t", TimestampEquals, Next: "D" }], Default: "D" },
    D: { Type: "Succeed" },
  });

describe("timestamps", () => {
  it.each(["2016-03-14T01:59:00Z", "2016-03-14T01:59:00.123Z", "2016-03-14T01:59:00+05:30", "${When}"])("accepts %s", (value) => {
    expect(found(validateDefinition(wait(value)))).toEqual([]);
    expect(found(validateDefinition(choice(value)))).toEqual([]);
  });

  it.each(["2016-03-14t01:59:00Z", "2016-03-14T01:59:00z", "2016-03-14 01:59:00Z", "2016-03-14"])("refuses %s", (value) => {
    expect(found(validateDefinition(wait(value)))).toEqual(["SCHEMA_VALIDATION_FAILED /States/W/Timestamp"]);
    expect(found(validateDefinition(choice(value)))).toEqual(["SCHEMA_VALIDATION_FAILED /States/C/Choices/0/TimestampEquals"]);
  });
});
