/**
 * The parts of DynamoDB's expression language that state machines use on an in-memory table: condition
 * expressions (attribute_exists, attribute_not_exists, comparisons, AND/OR/NOT, parentheses) and update
 * expressions (SET with values, paths, `+`/`-`, if_not_exists and list_append; REMOVE). Anything else is
 * refused with a ValidationException naming the expression, never silently ignored.
 */
import type { JsonObject, JsonValue } from "../../definition";
import { memoize } from "../../syntax/cache";
import { StatesError } from "../errors";

export type AttributeValue = JsonObject;
export type Item = Record<string, AttributeValue>;

export interface ExpressionContext {
  names?: Record<string, string>;
  values?: Record<string, AttributeValue>;
}

export function validation(message: string): StatesError {
  return new StatesError("DynamoDB.AmazonDynamoDBException", `${message} (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException)`);
}

/** `upper` is the text in capitals, kept so keyword checks (AND, OR, SET...) allocate nothing per request. */
type Token = { kind: "name" | "value" | "op" | "lparen" | "rparen" | "comma" | "word"; text: string; upper?: string };

/**
 * Tokens of an expression, memoized: state machines send the same few expressions over and over. A
 * lexical error throws and is not cached, so it is reported (and re-scanned) on every request.
 */
const tokenize = memoize(scan);

/** The `#name` and `:value` placeholders an expression uses, memoized like its tokens. */
const placeholdersOf = memoize((expression: string): ReadonlySet<string> =>
  new Set(tokenize(expression).filter((t) => t.kind === "name" || t.kind === "value").map((t) => t.text)));

function scan(expression: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|(<>|<=|>=|=|<|>|\+|-)|(\()|(\))|(,)|([A-Za-z_][A-Za-z0-9_.[\]]*))/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    re.lastIndex = at;
    m = re.exec(expression);
    if (!m) throw validation(`Invalid expression: unexpected text at '${expression.slice(at)}' in '${expression}'`);
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: "name", text: m[1] });
    else if (m[2]) tokens.push({ kind: "value", text: m[2] });
    else if (m[3]) tokens.push({ kind: "op", text: m[3] });
    else if (m[4]) tokens.push({ kind: "lparen", text: "(" });
    else if (m[5]) tokens.push({ kind: "rparen", text: ")" });
    else if (m[6]) tokens.push({ kind: "comma", text: "," });
    else tokens.push({ kind: "word", text: m[7]!, upper: m[7]!.toUpperCase() });
  }
  return tokens;
}

class Cursor {
  i = 0;
  constructor(readonly tokens: Token[], readonly source: string, readonly ctx: ExpressionContext) {}
  peek(): Token | undefined { return this.tokens[this.i]; }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw validation(`Invalid expression: unexpected end of '${this.source}'`);
    return t;
  }
  expect(kind: Token["kind"]): Token {
    const t = this.next();
    if (t.kind !== kind) throw validation(`Invalid expression: expected ${kind} but found '${t.text}' in '${this.source}'`);
    return t;
  }
  isWord(word: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.upper === word;
  }
  attributeName(t: Token): string {
    if (t.kind === "name") {
      const n = this.ctx.names?.[t.text];
      if (n === undefined) throw validation(`Value provided in ExpressionAttributeNames unused or missing: ${t.text} in '${this.source}'`);
      return n;
    }
    if (t.kind === "word") return t.text;
    throw validation(`Invalid expression: expected an attribute name but found '${t.text}' in '${this.source}'`);
  }
  value(t: Token): AttributeValue {
    const v = this.ctx.values?.[t.text];
    if (v === undefined) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
    return v;
  }
}

/** Evaluates a ConditionExpression against an item (undefined when the item does not exist). */
export function evaluateCondition(expression: string, item: Item | undefined, ctx: ExpressionContext): boolean {
  const c = new Cursor(tokenize(expression), expression, ctx);
  const result = orExpr(c, item);
  if (c.peek()) throw validation(`Invalid ConditionExpression: unexpected '${c.peek()!.text}' in '${expression}'`);
  return result;
}

function orExpr(c: Cursor, item: Item | undefined): boolean {
  let v = andExpr(c, item);
  while (c.isWord("OR")) {
    c.next();
    const r = andExpr(c, item);
    v = v || r;
  }
  return v;
}

function andExpr(c: Cursor, item: Item | undefined): boolean {
  let v = notExpr(c, item);
  while (c.isWord("AND")) {
    c.next();
    const r = notExpr(c, item);
    v = v && r;
  }
  return v;
}

function notExpr(c: Cursor, item: Item | undefined): boolean {
  if (c.isWord("NOT")) {
    c.next();
    return !notExpr(c, item);
  }
  return primary(c, item);
}

function primary(c: Cursor, item: Item | undefined): boolean {
  const t = c.next();
  if (t.kind === "lparen") {
    const v = orExpr(c, item);
    c.expect("rparen");
    return v;
  }
  if (t.kind === "word" && (t.text === "attribute_exists" || t.text === "attribute_not_exists")) {
    c.expect("lparen");
    const name = c.attributeName(c.next());
    c.expect("rparen");
    const exists = item !== undefined && item[name] !== undefined;
    return t.text === "attribute_exists" ? exists : !exists;
  }
  const left = operand(c, t, item);
  const op = c.next();
  if (op.kind !== "op" || op.text === "+" || op.text === "-") throw validation(`Invalid ConditionExpression: expected a comparator after '${t.text}' in '${c.source}'`);
  const right = operand(c, c.next(), item);
  return compare(left, op.text, right);
}

function operand(c: Cursor, t: Token, item: Item | undefined): AttributeValue | undefined {
  if (t.kind === "value") return c.value(t);
  return item?.[c.attributeName(t)];
}

function typeOf(v: AttributeValue): string {
  return Object.keys(v)[0] ?? "";
}

/**
 * DynamoDB's equality: values of different types are never equal (S "1" is not N "1"), numbers compare
 * by value, sets ignore order, lists and maps compare member by member.
 */
function equal(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  const x = a[type];
  const y = b[type];
  switch (type) {
    case "N": return Number(x) === Number(y);
    case "SS": case "BS": return sameSet(x as string[], y as string[], (m) => m);
    case "NS": return sameSet(x as string[], y as string[], (m) => String(Number(m)));
    case "L": {
      const l = x as AttributeValue[];
      const r = y as AttributeValue[];
      return l.length === r.length && l.every((v, i) => equal(v, r[i]!));
    }
    case "M": {
      const l = x as Record<string, AttributeValue>;
      const r = y as Record<string, AttributeValue>;
      const keys = Object.keys(l);
      return keys.length === Object.keys(r).length && keys.every((k) => r[k] !== undefined && equal(l[k]!, r[k]));
    }
    default: return x === y;
  }
}

function sameSet(x: string[], y: string[], canonical: (member: string) => string): boolean {
  const right = new Set(y.map(canonical));
  return x.length === y.length && x.every((m) => right.has(canonical(m)));
}

/** Ordering of two values of the same scalar type (S, N, B); undefined when DynamoDB has none. */
function order(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b)) return undefined;
  if (type === "N") return Number(a.N) - Number(b.N);
  // DynamoDB orders strings by their UTF-8 bytes, which differs from JavaScript's UTF-16 order.
  if (type === "S") return Buffer.compare(Buffer.from(a.S as string, "utf8"), Buffer.from(b.S as string, "utf8"));
  if (type === "B") return Buffer.compare(Buffer.from(a.B as string, "base64"), Buffer.from(b.B as string, "base64"));
  return undefined;
}

/**
 * A comparison as DynamoDB evaluates it: a missing attribute or a value of another type makes `=` and
 * the orderings false and `<>` true.
 */
function compare(a: AttributeValue | undefined, op: string, b: AttributeValue | undefined): boolean {
  if (op === "=") return a !== undefined && b !== undefined && equal(a, b);
  if (op === "<>") return a === undefined || b === undefined || !equal(a, b);
  const sign = a === undefined || b === undefined ? undefined : order(a, b);
  if (sign === undefined) return false;
  switch (op) {
    case "<": return sign < 0;
    case "<=": return sign <= 0;
    case ">": return sign > 0;
    default: return sign >= 0;
  }
}

/**
 * DynamoDB refuses a request whose ExpressionAttributeNames or ExpressionAttributeValues hold an entry
 * that none of its expressions uses (a placeholder typo would otherwise go unnoticed).
 */
export function checkPlaceholdersUsed(expressions: readonly string[], ctx: ExpressionContext): void {
  // Every expression is scanned first, so a lexical error wins over an unused placeholder, as before.
  const used = expressions.map(placeholdersOf);
  checkUsed("ExpressionAttributeNames", ctx.names, used);
  checkUsed("ExpressionAttributeValues", ctx.values, used);
}

function checkUsed(field: string, entries: Record<string, unknown> | undefined, used: readonly ReadonlySet<string>[]): void {
  if (!entries) return;
  let unused: string[] | undefined;
  for (const key of Object.keys(entries)) {
    if (!used.some((set) => set.has(key))) (unused ??= []).push(key);
  }
  if (unused) throw validation(`Value provided in ${field} unused in expressions: keys: {${unused.join(", ")}}`);
}

/** Applies an UpdateExpression to a copy of the item and returns it, plus the names it touched. */
export function applyUpdate(expression: string, item: Item, ctx: ExpressionContext): { item: Item; updated: string[] } {
  const c = new Cursor(tokenize(expression), expression, ctx);
  const out: Item = { ...item };
  const updated: string[] = [];
  while (c.peek()) {
    const clause = c.next();
    const kind = clause.kind === "word" ? clause.upper! : "";
    if (kind === "SET") {
      do {
        const name = c.attributeName(c.next());
        const eq = c.next();
        if (eq.text !== "=") throw validation(`Invalid UpdateExpression: expected '=' after ${name} in '${expression}'`);
        let value = setValue(c, out);
        const sign = c.peek();
        if (sign?.kind === "op" && (sign.text === "+" || sign.text === "-")) {
          c.next();
          const rhs = setValue(c, out);
          if (typeof value.N !== "string" || typeof rhs.N !== "string") throw validation(`An operand in the update expression has an incorrect data type in '${expression}'`);
          value = { N: String(Number(value.N) + (sign.text === "+" ? 1 : -1) * Number(rhs.N)) };
        }
        out[name] = value;
        updated.push(name);
      } while (c.peek()?.kind === "comma" && c.next());
    } else if (kind === "REMOVE") {
      do {
        const name = c.attributeName(c.next());
        delete out[name];
        updated.push(name);
      } while (c.peek()?.kind === "comma" && c.next());
    } else {
      throw validation(`Invalid UpdateExpression: unsupported clause '${clause.text}' in '${expression}' (the in-memory table supports SET and REMOVE)`);
    }
  }
  if (updated.length === 0) throw validation(`Invalid UpdateExpression: nothing to update in '${expression}'`);
  return { item: out, updated };
}

function setValue(c: Cursor, item: Item): AttributeValue {
  const t = c.next();
  if (t.kind === "value") return c.value(t);
  if (t.kind === "word" && (t.text === "if_not_exists" || t.text === "list_append")) {
    c.expect("lparen");
    const a = setValue(c, item);
    c.expect("comma");
    const b = setValue(c, item);
    c.expect("rparen");
    if (t.text === "if_not_exists") return a.__missing === true ? b : a;
    if (!Array.isArray(a.L) || !Array.isArray(b.L)) throw validation(`list_append needs two lists in '${c.source}'`);
    return { L: [...(a.L as JsonValue[]), ...(b.L as JsonValue[])] };
  }
  const name = c.attributeName(t);
  const v = item[name];
  if (v === undefined) {
    // if_not_exists(path, value) asks about a missing path; elsewhere a missing path is an error.
    if (c.tokens[c.i] && c.tokens[c.i]!.kind === "comma") return { NULL: true, __missing: true } as AttributeValue;
    throw validation(`The provided expression refers to an attribute that does not exist in the item: ${name}`);
  }
  return v;
}
