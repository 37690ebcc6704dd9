/**
 * A parser for the part of DQDL the DSL checks, so that a raw ruleset (the escape hatch) is checked
 * at validation time like typed rules, before anything runs.
 *
 * Grammar (AWS Glue's DQDL reference, awslabs/dqdl):
 *   ruleset   := "Rules" "=" "[" rule ("," rule)* "]"
 *   rule      := "(" rule ")" (("and" | "or") "(" rule ")")+  |  TYPE argument* condition? modifier*
 *   condition := op NUMBER | op STRING | "between" NUMBER "and" NUMBER | "in" "[" literal ("," literal)* "]"
 *              | "matches" STRING
 *   modifier  := "with" "threshold" condition | "where" STRING
 * The rule types the typed builder has are parsed into DqRule values, each by its spec's `parse`
 * (./rule-types.ts); other rule types that both Glue and Deequ's engine evaluate are accepted
 * unchecked; Glue-only types are refused (docs/decisions/data-quality-rules.md).
 */
import {
  GLUE_ONLY_RULE_TYPES,
  NUMBER_OPERATORS,
  RULE_TYPES,
  specOf,
  UNCHECKED_RULE_TYPES,
  type DqRule,
  type DqRuleType,
  type NumberCondition,
  type NumberOperator,
  type RuleReader,
  type ValueCondition,
  type ValueLiteral,
} from "./rule-types";

export { GLUE_ONLY_RULE_TYPES, UNCHECKED_RULE_TYPES };

/** A parsed rule: a typed DqRule, or one the engine evaluates that the DSL does not check. */
export type ParsedRule = DqRule | { readonly rule: "unchecked"; readonly type: string };

export type ParseResult =
  { readonly ok: true; readonly rules: readonly ParsedRule[] } | { readonly ok: false; readonly error: string };

type Token = { readonly kind: "word" | "string" | "number" | "punct"; readonly text: string; readonly at: number };

class DqdlSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|!=|[=<>[\](),{}.])/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) throw new DqdlSyntaxError(`unexpected character ${JSON.stringify(text[at])} at offset ${at}`);
    if (m[1] !== undefined) tokens.push({ kind: "string", text: m[1], at });
    else if (m[2] !== undefined) tokens.push({ kind: "number", text: m[2], at });
    else if (m[3] !== undefined) tokens.push({ kind: "word", text: m[3], at });
    else if (m[4] !== undefined) tokens.push({ kind: "punct", text: m[4], at });
    at = pattern.lastIndex;
  }
  return tokens;
}

class Parser implements RuleReader {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private describe(token: Token | undefined): string {
    return token ? `${JSON.stringify(token.text)} at offset ${token.at}` : "the end of the ruleset";
  }

  private next(what: string): Token {
    const token = this.tokens[this.position];
    if (!token) throw new DqdlSyntaxError(`expected ${what}, found the end of the ruleset`);
    this.position++;
    return token;
  }

  fail(message: string): never {
    throw new DqdlSyntaxError(message);
  }

  expect(text: string): void {
    const token = this.next(JSON.stringify(text));
    if (token.text !== text || token.kind === "string")
      throw new DqdlSyntaxError(`expected ${JSON.stringify(text)}, found ${this.describe(token)}`);
  }

  private isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind === "word" && token.text.toLowerCase() === text.toLowerCase();
  }

  string(what: string): string {
    const token = this.next(what);
    if (token.kind !== "string")
      throw new DqdlSyntaxError(`expected ${what} (a double-quoted string), found ${this.describe(token)}`);
    return token.text;
  }

  private number(): number {
    const token = this.next("a number");
    if (token.kind !== "number") throw new DqdlSyntaxError(`expected a number, found ${this.describe(token)}`);
    return Number(token.text);
  }

  private operator(): NumberOperator | undefined {
    const token = this.peek();
    if (token?.kind === "punct" && (NUMBER_OPERATORS as readonly string[]).includes(token.text)) {
      this.position++;
      return token.text as NumberOperator;
    }
    return undefined;
  }

  atCondition(): boolean {
    const next = this.peek();
    return (
      next !== undefined &&
      (this.isWord("between") || (next.kind === "punct" && (NUMBER_OPERATORS as readonly string[]).includes(next.text)))
    );
  }

  numberCondition(): NumberCondition {
    if (this.isWord("between")) {
      this.position++;
      const low = this.number();
      if (!this.isWord("and"))
        throw new DqdlSyntaxError(`expected "and" in "between … and …", found ${this.describe(this.peek())}`);
      this.position++;
      return { op: "between", low, high: this.number() };
    }
    const op = this.operator();
    if (!op)
      throw new DqdlSyntaxError(
        `expected a condition (=, !=, >, >=, <, <=, between), found ${this.describe(this.peek())}`,
      );
    return { op, value: this.number() };
  }

  private literal(): ValueLiteral {
    const token = this.next("a value");
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return Number(token.text);
    throw new DqdlSyntaxError(`expected a value, found ${this.describe(token)}`);
  }

  valueCondition(): ValueCondition {
    if (this.isWord("in")) {
      this.position++;
      this.expect("[");
      const values = [this.literal()];
      while (this.peek()?.text === ",") {
        this.position++;
        values.push(this.literal());
      }
      this.expect("]");
      return { op: "in", values };
    }
    if (this.isWord("matches")) {
      this.position++;
      return { op: "matches", pattern: this.string("a pattern") };
    }
    if (this.isWord("between")) return this.numberCondition() as ValueCondition;
    const op = this.operator();
    if (!op)
      throw new DqdlSyntaxError(
        `expected a condition (=, !=, >, >=, <, <=, between, in, matches), found ${this.describe(this.peek())}`,
      );
    return { op, value: this.literal() };
  }

  /** `with threshold > 0.9` and `where "…"`: kept in the text; the threshold is returned, not checked. */
  private modifiers(): NumberCondition | undefined {
    let threshold: NumberCondition | undefined;
    for (;;) {
      if (this.isWord("with") && this.isWord("threshold", 1)) {
        this.position += 2;
        threshold = this.numberCondition();
      } else if (this.isWord("where")) {
        this.position++;
        this.string("a where clause");
      } else return threshold;
    }
  }

  private skipArguments(): void {
    let depth = 0;
    for (let token = this.peek(); token; token = this.peek()) {
      if (depth === 0 && (token.text === "," || token.text === "]") && token.kind === "punct") return;
      if (token.kind === "punct" && (token.text === "[" || token.text === "(" || token.text === "{")) depth++;
      if (token.kind === "punct" && (token.text === "]" || token.text === ")" || token.text === "}")) depth--;
      this.position++;
    }
  }

  private parenthesised(): ParsedRule {
    this.expect("(");
    const inner = this.rule();
    this.expect(")");
    return inner;
  }

  rule(): ParsedRule {
    if (this.peek()?.text === "(" && this.peek()?.kind === "punct") {
      const first = this.parenthesised();
      const operator = this.peek()?.text.toLowerCase();
      if (operator === undefined || this.specNamed(operator)?.parse !== "infix")
        throw new DqdlSyntaxError(
          `expected "and" or "or" after a parenthesised rule, found ${this.describe(this.peek())}`,
        );
      const nested = [first];
      while (this.isWord(operator)) {
        this.position++;
        nested.push(this.parenthesised());
      }
      return { rule: operator as "and" | "or", rules: nested as DqRule[] };
    }
    const type = this.next("a rule type");
    if (type.kind !== "word") throw new DqdlSyntaxError(`expected a rule type, found ${this.describe(type)}`);
    const parsed = this.simpleRule(type);
    const threshold = this.modifiers();
    if (!threshold || parsed.rule === "unchecked") return parsed;
    return specOf(parsed).withThreshold?.(parsed, threshold) ?? parsed;
  }

  /** The spec of the rule type named `text`, if the DSL models it. */
  private specNamed(text: string) {
    return Object.hasOwn(RULE_TYPES, text) ? RULE_TYPES[text as DqRuleType] : undefined;
  }

  private simpleRule(type: Token): ParsedRule {
    const spec = this.specNamed(type.text);
    if (spec && spec.parse !== "infix") return spec.parse(this);
    if ((GLUE_ONLY_RULE_TYPES as readonly string[]).includes(type.text)) {
      throw new DqdlSyntaxError(
        `rule type ${type.text} is evaluated only by AWS Glue, not by Deequ's DQDL engine that runs the rules locally, so the pipeline could not be tested before deploying`,
      );
    }
    if (!(UNCHECKED_RULE_TYPES as readonly string[]).includes(type.text)) {
      throw new DqdlSyntaxError(`unknown rule type ${JSON.stringify(type.text)} at offset ${type.at}`);
    }
    this.skipArguments();
    return { rule: "unchecked", type: type.text };
  }

  ruleset(): ParsedRule[] {
    if (!this.isWord("Rules"))
      throw new DqdlSyntaxError(`a ruleset starts with "Rules = [", found ${this.describe(this.peek())}`);
    this.position++;
    this.expect("=");
    this.expect("[");
    const rules = [this.rule()];
    while (this.peek()?.text === "," && this.peek()?.kind === "punct") {
      this.position++;
      rules.push(this.rule());
    }
    this.expect("]");
    if (this.peek()) throw new DqdlSyntaxError(`unexpected ${this.describe(this.peek())} after the rules`);
    return rules;
  }
}

/** Parses a DQDL ruleset; a syntax error comes back as a message, never thrown. */
export function parseRuleset(text: string): ParseResult {
  try {
    return { ok: true, rules: new Parser(tokenize(text)).ruleset() };
  } catch (error) {
    if (error instanceof DqdlSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}
