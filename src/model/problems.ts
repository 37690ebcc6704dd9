/** A validation problem: where it is, what is wrong, and what to do about it. */
export interface Problem {
  readonly code: ProblemCode;
  readonly job?: string;
  readonly node?: string;
  /** The column, table, key or option the problem is about. */
  readonly field?: string;
  readonly message: string;
  readonly fix: string;
  /**
   * The checks downstream that this problem held up: nodes whose input it left unknown, each named once here
   * instead of reported as an error of its own ("column … does not exist here" repeating this problem).
   */
  readonly heldUp?: readonly string[];
}

export type ProblemCode =
  | "invalid-name"
  | "duplicate-name"
  | "unknown-table"
  | "unknown-column"
  | "unknown-node"
  | "join-key-type"
  | "ambiguous-column"
  | "type-mismatch"
  | "invalid-literal"
  | "cycle"
  | "duplicate-writer"
  | "unproduced-table"
  | "landing-sink"
  | "missing-columns"
  | "schema-mismatch"
  | "unused-node"
  | "no-sink"
  | "invalid-path"
  | "location-clash"
  | "invalid-rule"
  | "invalid-zone"
  | "invalid-format"
  | "invalid-write-mode"
  | "write-mode-conflict"
  | "invalid-kept"
  | "control-characters"
  | "empty-query"
  | "empty-json-key"
  | "unknown-function"
  | "schema-differs"
  | "invalid-option";

export function formatProblem(p: Problem): string {
  const where = [
    p.job !== undefined ? `job ${JSON.stringify(p.job)}` : "pipeline",
    p.node !== undefined ? `node ${JSON.stringify(p.node)}` : undefined,
    p.field !== undefined ? `field ${JSON.stringify(p.field)}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  return `${where}: ${p.message} Fix: ${p.fix}${heldUpNote(p.heldUp)}`;
}

const HELD_UP_SHOWN = 6;

function heldUpNote(heldUp: readonly string[] | undefined): string {
  if (!heldUp?.length) return "";
  const shown = heldUp.slice(0, HELD_UP_SHOWN).join("; ");
  const more = heldUp.length > HELD_UP_SHOWN ? `; and ${heldUp.length - HELD_UP_SHOWN} more` : "";
  return ` Not checked until this is fixed, because their input depends on it: ${shown}${more}.`;
}

export class PipelineValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `The pipeline has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p, i) => `  ${i + 1}. ${formatProblem(p)}`).join("\n"),
    );
    this.name = "PipelineValidationError";
  }
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate to a misspelt name, if any is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** "Did you mean …?" plus the list to choose from, for unknown-name fixes. */
export function suggestion(name: string, candidates: readonly string[], noun: string): string {
  const near = closest(name, candidates);
  const list = candidates.length ? `Known ${noun}s: ${candidates.join(", ")}.` : `There are no ${noun}s here.`;
  return near !== undefined ? `Did you mean ${JSON.stringify(near)}? ${list}` : list;
}
