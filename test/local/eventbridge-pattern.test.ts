/**
 * The EventBridge pattern matcher against the worked examples of AWS's EventBridge user guide
 * ("Content filtering in event patterns", "Arrays in event patterns", "Comparison operators").
 */
import { describe, expect, it } from "vitest";
import { compilePattern, EventPatternError, matchesPattern } from "../../local/eventbridge/pattern";

/** The EC2 state-change event the user guide filters in its examples, with its numeric and IP fields. */
const ec2Event = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-10-02T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: {
    "instance-id": "i-1234567890abcdef0",
    state: "terminated",
    "c-count": 5,
    "d-count": 7,
    "x-limit": 301.8,
    "source-ip": "10.0.0.123",
  },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail });

describe("exact and structural matching", () => {
  it("matches on the listed fields only, with the same nesting", () => {
    const pattern = { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["terminated"] } };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern({ ...pattern, detail: { state: ["running"] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ state: ["terminated"] }, ec2Event)).toBe(false);
  });

  it("ORs the values of one field and ANDs the fields", () => {
    expect(matchesPattern({ source: ["aws.ec2", "aws.fargate"] }, ec2Event)).toBe(true);
    expect(matchesPattern({ source: ["aws.ec2"], region: ["eu-west-1"] }, ec2Event)).toBe(false);
  });

  it("is case-sensitive and type-sensitive", () => {
    expect(matchesPattern({ source: ["AWS.EC2"] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { "c-count": ["5"] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { "c-count": [5] } }, ec2Event)).toBe(true);
  });

  it("matches empty strings and null values", () => {
    const event = withDetail({ eventVersion: "", responseElements: null });
    expect(matchesPattern({ detail: { eventVersion: [""], responseElements: [null] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { responseElements: [""] } }, event)).toBe(false);
  });
});

describe("arrays", () => {
  const pattern = {
    resources: [
      "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
      "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
    ],
  };
  it("matches when the pattern array and the event array intersect", () => {
    const event = {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    };
    expect(matchesPattern(pattern, event)).toBe(true);
  });
  it("does not match disjoint arrays", () => {
    expect(matchesPattern(pattern, { resources: ["arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f"] })).toBe(false);
  });
  it("matches nested patterns against arrays of objects", () => {
    const event = { detail: { items: [{ kind: "a" }, { kind: "b" }] } };
    expect(matchesPattern({ detail: { items: { kind: ["b"] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { items: { kind: ["c"] } } }, event)).toBe(false);
  });
});

describe("prefix and suffix", () => {
  it("prefix matches the start of a string", () => {
    expect(matchesPattern({ time: [{ prefix: "2017-10-02" }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ time: [{ prefix: "2017-10-03" }] }, ec2Event)).toBe(false);
    expect(matchesPattern({ region: [{ prefix: "us-" }] }, ec2Event)).toBe(true);
  });
  it("prefix with equals-ignore-case", () => {
    const pattern = { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } };
    for (const service of ["EventBridge", "EVENTBRIDGE", "eventbus"]) {
      expect(matchesPattern(pattern, withDetail({ service }))).toBe(true);
    }
    expect(matchesPattern(pattern, withDetail({ service: "Lambda" }))).toBe(false);
  });
  it("suffix matches the end of a string, optionally ignoring case", () => {
    expect(matchesPattern({ FileName: [{ suffix: ".png" }] }, { FileName: "image.png" })).toBe(true);
    expect(matchesPattern({ FileName: [{ suffix: ".png" }] }, { FileName: "image.PNG" })).toBe(false);
    const ignoring = { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } };
    expect(matchesPattern(ignoring, withDetail({ FileName: "image.PNG" }))).toBe(true);
    expect(matchesPattern(ignoring, withDetail({ FileName: "image.jpg" }))).toBe(false);
  });
  it("does not apply string operators to numbers", () => {
    expect(matchesPattern({ detail: { "c-count": [{ prefix: "5" }] } }, ec2Event)).toBe(false);
  });
});

describe("equals-ignore-case", () => {
  it("matches a string in any case", () => {
    const pattern = { "detail-type": [{ "equals-ignore-case": "ec2 instance state-change notification" }] };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern({ "detail-type": [{ "equals-ignore-case": "ec2 instance" }] }, ec2Event)).toBe(false);
  });
});

describe("anything-but", () => {
  it("excludes a string, a number, or a list of either", () => {
    expect(matchesPattern({ detail: { state: [{ "anything-but": "initializing" }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ "anything-but": "terminated" }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { "x-limit": [{ "anything-but": 123 }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ "anything-but": ["stopped", "terminated"] }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { "c-count": [{ "anything-but": [1, 5] }] } }, ec2Event)).toBe(false);
  });
  it("does not match an absent field", () => {
    expect(matchesPattern({ detail: { missing: [{ "anything-but": "x" }] } }, ec2Event)).toBe(false);
  });
  it("anything-but prefix and suffix", () => {
    expect(matchesPattern({ detail: { state: [{ "anything-but": { prefix: "init" } }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ "anything-but": { prefix: "term" } }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ Region: [{ "anything-but": { prefix: "us-" } }] }, { Region: "eu-west-1" })).toBe(true);
    expect(matchesPattern({ FileName: [{ "anything-but": { suffix: ".txt" } }] }, { FileName: "notes.txt" })).toBe(false);
    expect(matchesPattern({ FileName: [{ "anything-but": { suffix: ".txt" } }] }, { FileName: "image.png" })).toBe(true);
  });
  it("anything-but equals-ignore-case, one value or a list", () => {
    expect(matchesPattern({ detail: { state: [{ "anything-but": { "equals-ignore-case": "TERMINATED" } }] } }, ec2Event)).toBe(false);
    const list = { detail: { state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] } };
    expect(matchesPattern(list, ec2Event)).toBe(true);
    expect(matchesPattern(list, withDetail({ state: "STOPPED" }))).toBe(false);
  });
  it("anything-but wildcard, one pattern or a list", () => {
    const pattern = { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] };
    expect(matchesPattern(pattern, { FilePath: "/usr/lib/node" })).toBe(false);
    expect(matchesPattern(pattern, { FilePath: "/usr/bin/node" })).toBe(true);
    const list = { FilePath: [{ "anything-but": { wildcard: ["*/lib/*", "*/bin/*"] } }] };
    expect(matchesPattern(list, { FilePath: "/usr/bin/node" })).toBe(false);
    expect(matchesPattern(list, { FilePath: "/home/me/notes" })).toBe(true);
  });
});

describe("numeric", () => {
  it("matches the user guide's ranges on c-count, d-count and x-limit", () => {
    const pattern = {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, withDetail({ ...ec2Event.detail, "c-count": 6 }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ ...ec2Event.detail, "c-count": 0 }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ ...ec2Event.detail, "d-count": 10 }))).toBe(false);
  });
  it("only matches JSON numbers", () => {
    expect(matchesPattern({ detail: { n: [{ numeric: [">=", 1] }] } }, withDetail({ n: "2" }))).toBe(false);
    expect(matchesPattern({ detail: { n: [{ numeric: [">=", 1] }] } }, withDetail({ n: 1 }))).toBe(true);
  });
});

describe("exists", () => {
  it("exists true needs the field, exists false needs it absent", () => {
    expect(matchesPattern({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { "no-such": [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { "no-such": [{ exists: true }] } }, ec2Event)).toBe(false);
  });
  it("works only on leaves, and below an absent object", () => {
    expect(matchesPattern({ detail: [{ exists: true }] }, ec2Event)).toBe(false);
    expect(matchesPattern({ other: { field: [{ exists: false }] } }, ec2Event)).toBe(true);
  });
});

describe("cidr", () => {
  it("matches IPv4 addresses in a block", () => {
    const pattern = { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, withDetail({ "source-ip": "10.0.1.1" }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ "source-ip": "not an ip" }))).toBe(false);
  });
  it("matches IPv6 addresses in a block", () => {
    const pattern = { sourceIPAddress: [{ cidr: "2001:db8::/64" }] };
    expect(matchesPattern(pattern, { sourceIPAddress: "2001:db8::1" })).toBe(true);
    expect(matchesPattern(pattern, { sourceIPAddress: "2001:db9::1" })).toBe(false);
  });
});

describe("wildcard", () => {
  it("matches the user guide's bus ARN example", () => {
    const pattern = { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] };
    expect(matchesPattern(pattern, { EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/orders" })).toBe(true);
    expect(matchesPattern(pattern, { EventBusArn: "arn:aws:events:eu-west-1:123456789012:event-bus/orders" })).toBe(false);
  });
  it("escapes stars and treats regex characters literally", () => {
    expect(matchesPattern({ f: [{ wildcard: "a\\*b" }] }, { f: "a*b" })).toBe(true);
    expect(matchesPattern({ f: [{ wildcard: "a\\*b" }] }, { f: "axxb" })).toBe(false);
    expect(matchesPattern({ f: [{ wildcard: "*.png" }] }, { f: "xpng" })).toBe(false);
  });
});

describe("$or", () => {
  it("matches when any branch matches (the user guide's numeric $or)", () => {
    const pattern = {
      detail: {
        $or: [
          { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
          { "d-count": [{ numeric: ["<", 10] }] },
          { "x-limit": [{ numeric: ["=", 3.018e2] }] },
        ],
      },
    };
    expect(matchesPattern(pattern, withDetail({ "c-count": 100, "d-count": 100, "x-limit": 301.8 }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ "c-count": 100, "d-count": 100, "x-limit": 1 }))).toBe(false);
  });
  it("combines with the other fields (the user guide's CloudWatch example)", () => {
    const pattern = { source: ["aws.cloudwatch"], $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }] };
    expect(matchesPattern(pattern, { source: "aws.cloudwatch", namespace: "AWS/ES" })).toBe(true);
    expect(matchesPattern(pattern, { source: "aws.cloudwatch", metricName: "ReadLatency" })).toBe(true);
    expect(matchesPattern(pattern, { source: "aws.cloudwatch", metricName: "WriteLatency" })).toBe(false);
    expect(matchesPattern(pattern, { source: "aws.ec2", namespace: "AWS/ES" })).toBe(false);
  });
});

describe("refused patterns name the culprit", () => {
  const cases: Array<[string, unknown, string]> = [
    ["a scalar field value", { source: "aws.ec2" }, "source"],
    ["an empty matcher list", { source: [] }, "source"],
    ["an unknown operator", { detail: { state: [{ contains: "x" }] } }, "detail.state[0].contains"],
    ["a bad numeric operator", { n: [{ numeric: ["!=", 1] }] }, "n[0].numeric[0]"],
    ["an inverted range", { n: [{ numeric: ["<", 5, ">", 1] }] }, "n[0].numeric"],
    ["a bad cidr", { ip: [{ cidr: "10.0.0.0/33" }] }, "ip[0].cidr"],
    ["consecutive wildcards", { f: [{ wildcard: "a**" }] }, "f[0].wildcard"],
    ["mixed anything-but list", { s: [{ "anything-but": ["a", 1] }] }, "s[0].anything-but"],
    ["a one-branch $or", { $or: [{ a: ["x"] }] }, "$or"],
    ["exists with a string", { a: [{ exists: "yes" }] }, "a[0].exists"],
  ];
  it.each(cases)("refuses %s", (_name, pattern, path) => {
    expect(() => compilePattern(pattern as Record<string, unknown>)).toThrow(EventPatternError);
    expect(() => compilePattern(pattern as Record<string, unknown>)).toThrow(`at ${path}:`);
  });
  it("refuses text that is not JSON", () => {
    expect(() => compilePattern("{source:")).toThrow(/not JSON/);
  });
});
