/**
 * The only way user text reaches a generated script: every function here returns either a valid
 * Python literal that evaluates to exactly the given value, or a checked identifier.
 */
import { createHash } from "node:crypto";

const PY_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _".split(
    " ",
  ),
);

/** A double-quoted Python string literal. Printable text stays readable; everything else is escaped. */
export function pyStr(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i]!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) out += `\\x${hex(code, 2)}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += value.slice(i, i + 2);
      i++;
    } else if (
      (code >= 0xd800 && code <= 0xdfff) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff ||
      (code >= 0xfff0 && code <= 0xffff)
    )
      out += `\\u${hex(code, 4)}`;
    else out += ch;
  }
  return out + '"';
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/**
 * A multi-line string kept readable for review (SQL): `'''\` + text + `'''`. The backslash after the
 * opening quotes swallows the first newline, so the value is exactly `text`. Text that cannot be
 * written that way safely falls back to an escaped one-line literal.
 */
export function pyBlock(value: string): string {
  const readable =
    value.length > 0 &&
    !value.includes("\\") &&
    !value.includes("'''") &&
    !value.endsWith("'") &&
    // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
    !/[\u0000-\u0008\u000b-\u001f\u007f-\u00a0\u00ad\u2028\u2029\ufeff\ud800-\udfff]/u.test(value);
  return readable ? `'''\\\n${value}'''` : pyStr(value);
}

/** A Python number or string literal for a DSL literal. */
export function pyLiteral(value: string | number | boolean | bigint): string {
  switch (typeof value) {
    case "string":
      return pyStr(value);
    case "boolean":
      return value ? "True" : "False";
    case "bigint":
      return value.toString();
    case "number":
      if (!Number.isFinite(value)) throw new Error(`Cannot render the non-finite number ${value} as a Python literal.`);
      if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return value.toString();
      // JavaScript's shortest round-trip form is also a valid Python float literal (1e+21 → 1e+21).
      return Number.isInteger(value) ? `${value.toExponential()}`.replace("e+", "e") : value.toString();
  }
}

export function pyStrList(values: readonly string[]): string {
  return `[${values.map(pyStr).join(", ")}]`;
}

/** Checks that a generated name is a plain Python identifier; it never comes from user text directly. */
export function pyIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || PY_KEYWORDS.has(name))
    throw new Error(`Refusing to emit ${JSON.stringify(name)} as a Python identifier.`);
  return name;
}

/**
 * The stable variable name of a node, in Glue Studio's `<DisplayName>_node<id>` shape. The id is a
 * hash of the job and display name, so it survives edits elsewhere in the job and keeps bookmarks.
 */
export function nodeVariable(job: string, displayName: string): string {
  const words = displayName
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let base = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  if (!base || /^[0-9]/.test(base)) base = `Node${base}`;
  const id = createHash("sha256").update(`${job}\u0000${displayName}`).digest("hex").slice(0, 6);
  return pyIdent(`${base.slice(0, 60)}_node${id}`);
}

/**
 * A display name in a `#` comment. Validation guarantees one line; this re-checks, since a newline would inject code.
 */
export function pyComment(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(text))
    throw new Error(`Refusing to put a multi-line or control-character text in a comment: ${JSON.stringify(text)}.`);
  return text;
}
