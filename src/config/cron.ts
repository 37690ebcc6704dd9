/**
 * Checks an AWS cron expression (the form Glue triggers and EventBridge use) before it reaches AWS,
 * so a typo in `lakehouse:schedule` fails at start-up with the field at fault instead of during `pulumi up`.
 *
 *   cron(Minutes Hours Day-of-month Month Day-of-week Year)
 *
 * AWS's dialect differs from Unix cron: six fields, and one of day-of-month / day-of-week must be `?`.
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted in place of numbers (JAN..DEC, SUN..SAT), mapped to their values. */
  readonly names?: readonly string[];
  /** Characters beyond `, - * /` that this field accepts. */
  readonly special: readonly ("?" | "L" | "W" | "#")[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, special: [] },
  { name: "hours", min: 0, max: 23, special: [] },
  { name: "day-of-month", min: 1, max: 31, special: ["?", "L", "W"] },
  { name: "month", min: 1, max: 12, names: MONTHS, special: [] },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS, special: ["?", "L", "#"] },
  { name: "year", min: 1970, max: 2199, special: [] },
];

export const CRON_EXAMPLE = "cron(0 6 * * ? *)";

/** Returns what is wrong with an AWS cron expression, or undefined when it is valid. */
export function awsCronProblem(expression: string): string | undefined {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match)
    return `expected the form cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), e.g. ${CRON_EXAMPLE}`;
  const parts = match[1]!.trim().split(/\s+/);
  if (parts.length !== FIELDS.length)
    return `expected 6 fields inside cron(...), found ${parts.length}; e.g. ${CRON_EXAMPLE}`;
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[i]!, field);
    if (problem) return `${field.name} field ${JSON.stringify(parts[i])}: ${problem}`;
  }
  const [dayOfMonth, dayOfWeek] = [parts[2], parts[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?"))
    return `exactly one of day-of-month and day-of-week must be "?" (found ${JSON.stringify(dayOfMonth)} and ${JSON.stringify(dayOfWeek)}); e.g. ${CRON_EXAMPLE}`;
  return undefined;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  if (text === "?")
    return field.special.includes("?") ? undefined : `"?" is only allowed in day-of-month and day-of-week`;
  for (const item of text.split(",")) {
    const problem = itemProblem(item, field);
    if (problem) return problem;
  }
  return undefined;
}

function itemProblem(item: string, field: CronField): string | undefined {
  const upper = item.toUpperCase();
  if (upper === "*") return undefined;
  if (upper === "L" || upper === "LW")
    return field.special.includes("L") && (upper === "L" || field.special.includes("W"))
      ? undefined
      : `"${item}" is not allowed here`;
  const step = /^(.+)\/(\d+)$/.exec(upper);
  if (step) {
    const stepProblem = step[1] === "*" ? undefined : rangeProblem(step[1]!, field);
    if (stepProblem) return stepProblem;
    return Number(step[2]) >= 1 ? undefined : `step must be at least 1`;
  }
  const nth = /^(\w+)#(\d)$/.exec(upper);
  if (nth) {
    if (!field.special.includes("#")) return `"#" is only allowed in day-of-week`;
    return (
      valueProblem(nth[1]!, field) ??
      (Number(nth[2]) >= 1 && Number(nth[2]) <= 5 ? undefined : `the week after "#" must be 1-5`)
    );
  }
  const suffixed = /^(\w+?)(L|W)$/.exec(upper);
  if (suffixed && /^\d+$/.test(suffixed[1]!)) {
    const allowed =
      suffixed[2] === "W" ? field.special.includes("W") : field.special.includes("L") && field.name === "day-of-week";
    return allowed ? valueProblem(suffixed[1]!, field) : `"${item}" is not allowed here`;
  }
  return rangeProblem(upper, field);
}

function rangeProblem(text: string, field: CronField): string | undefined {
  const bounds = text.split("-");
  if (bounds.length > 2) return `"${text}" is not a value or a range`;
  for (const b of bounds) {
    const problem = valueProblem(b, field);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(text: string, field: CronField): string | undefined {
  const named = field.names?.indexOf(text) ?? -1;
  if (named >= 0) return undefined;
  if (!/^\d+$/.test(text))
    return `"${text}" is not a number${field.names ? ` or one of ${field.names[0]}..${field.names[field.names.length - 1]}` : ""}`;
  const n = Number(text);
  return n >= field.min && n <= field.max ? undefined : `${n} is outside ${field.min}-${field.max}`;
}
