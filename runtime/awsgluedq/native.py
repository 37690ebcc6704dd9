"""The DQDL rules the DSL emits, evaluated by Spark itself: the data-quality engine of Glue 6.0 stacks.

Maven Central has no Deequ for Spark 4 (Scala 2.13), and no jar or third-party source is committed
(docs/decisions/data-quality-on-spark-4.md), so on Spark 4 the local EvaluateDataQuality calls `process_rows`
here instead of Deequ's `com.amazon.deequ.dqdl.EvaluateDataQuality.processRows`. It returns the same two
frames: `ruleOutcomes` (Rule, Outcome, FailureReason, EvaluatedMetrics, EvaluatedRule) and `rowLevelOutcomes`
(the input columns plus DataQualityRulesPass/Fail/Skip and DataQualityEvaluationResult), with Deequ 2.1.0's
rule names, metric names, failure reasons and row-level verdicts, which tests/data-quality-engines.spec.ts
compares rule type by rule type on the same data.

One evaluator per rule type of src/model/quality/rule-types.ts (EVALUATORS; the spec fails when the two sets
differ). Every measure is a Spark aggregate: one `agg` over the evaluated frame for the column rules, one query
per CustomSql, one join per ReferentialIntegrity; no table is collected. Expressions are ANSI-independent
(try_cast, no arithmetic that can overflow), so they give the same answer with `spark.sql.ansi.enabled` on
(Spark 4's default) or off.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

RULE_OUTCOMES_SCHEMA = (
    "Rule string, Outcome string, FailureReason string, EvaluatedMetrics map<string,double>, EvaluatedRule string"
)
PASS, FAIL, SKIP, RESULT = (
    "DataQualityRulesPass",
    "DataQualityRulesFail",
    "DataQualityRulesSkip",
    "DataQualityEvaluationResult",
)
ROW_LEVEL_COLUMNS = (PASS, FAIL, SKIP, RESULT)
NULL_REQUIREMENT = "Value: NULL does not meet the constraint requirement!"


class RulesetError(ValueError):
    """The ruleset is not DQDL this engine reads, or names a rule type it has no evaluator for."""


# ---- the ruleset --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    op: str  # = != > >= < <= between in matches
    operands: tuple  # numbers (float) or strings
    texts: tuple  # each operand as written, for the rule's name

    def holds(self, value: float) -> bool:
        a = self.operands
        return {
            "=": lambda: value == a[0],
            "!=": lambda: value != a[0],
            ">": lambda: value > a[0],
            ">=": lambda: value >= a[0],
            "<": lambda: value < a[0],
            "<=": lambda: value <= a[0],
            "between": lambda: a[0] < value < a[1],
        }[self.op]()

    def text(self) -> str:
        if self.op == "between":
            return f"between {self.texts[0]} and {self.texts[1]}"
        if self.op == "in":
            return f"in [{','.join(self.texts)}]"
        return f"{self.op} {self.texts[0]}"


@dataclass(frozen=True)
class Rule:
    type: str
    text: str  # the rule as Deequ names it in ruleOutcomes.Rule and the row-level lists
    strings: tuple = ()
    condition: Condition | None = None
    threshold: Condition | None = None
    nested: tuple = ()  # of Rule, for And / Or

    @property
    def compared(self) -> Condition:
        """The rule's condition; a rule type that compares a measure cannot do without one."""
        if self.condition is None:
            raise RulesetError(f"{self.text} has no condition; write one, e.g. {self.type} ... > 0")
        return self.condition


_TOKEN = re.compile(
    r'\s*(?:(?P<string>"[^"]*")|(?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<op>!=|>=|<=|[=<>])|'
    r"(?P<punct>[\[\](),])|(?P<word>[A-Za-z_]+))"
)


END = ("end", "the end of the ruleset")


class _Reader:
    def __init__(self, text: str):
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = text.strip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if not match or match.end() == position:
                raise RulesetError(f"cannot read the ruleset at {text[position : position + 30]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.at = 0

    def peek(self, offset=0) -> tuple[str, str]:
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else END

    def take(self, kind=None, value=None) -> str:
        token = self.peek()
        if token == END or (kind and token[0] != kind) or (value and token[1].lower() != value.lower()):
            raise RulesetError(f"expected {value or kind} in the ruleset, found {token[1]!r}")
        self.at += 1
        return token[1]

    def string(self):
        return self.take("string")[1:-1]

    def literal(self):
        kind, value = self.peek()
        if kind == "number":
            self.take()
            return float(value), value
        if kind == "string":
            self.take()
            return value[1:-1], value
        raise RulesetError(f"expected a number or a quoted value in the ruleset, found {value!r}")

    def condition(self):
        kind, value = self.peek()
        if kind == "word" and value.lower() == "between":
            self.take()
            low, low_text = self.literal()
            self.take("word", "and")
            high, high_text = self.literal()
            return Condition("between", (low, high), (low_text, high_text))
        if kind == "word" and value.lower() == "in":
            self.take()
            self.take("punct", "[")
            values = [self.literal()]
            while self.peek() == ("punct", ","):
                self.take()
                values.append(self.literal())
            self.take("punct", "]")
            return Condition("in", tuple(v for v, _ in values), tuple(t for _, t in values))
        if kind == "word" and value.lower() == "matches":
            self.take()
            pattern = self.string()
            return Condition("matches", (pattern,), (f'"{pattern}"',))
        op = self.take("op")
        operand, text = self.literal()
        return Condition(op, (operand,), (text,))

    def at_condition(self):
        kind, value = self.peek()
        return kind == "op" or (kind == "word" and value.lower() in ("between", "in", "matches"))


def parse(ruleset: str) -> list[Rule]:
    """The top-level rules of `Rules = [ ... ]`, in order."""
    read = _Reader(ruleset)
    read.take("word", "Rules")
    read.take("op", "=")
    read.take("punct", "[")
    rules = [_rule(read)]
    while read.peek() == ("punct", ","):
        read.take()
        rules.append(_rule(read))
    read.take("punct", "]")
    if read.peek() != END:
        raise RulesetError(f"unexpected {read.peek()[1]!r} after the ruleset's closing bracket")
    return rules


def _rule(read: _Reader) -> Rule:
    if read.peek() != ("punct", "("):
        return _simple_rule(read)
    parts, operators = [_parenthesised(read)], []
    while read.peek()[0] == "word" and read.peek()[1].lower() in ("and", "or"):
        operators.append(read.take().lower())
        parts.append(_parenthesised(read))
    if not operators:
        return parts[0]
    if len(set(operators)) > 1:
        raise RulesetError("mixes and/or without parentheses; group the rules with parentheses")
    operator = operators[0]
    text = f" {operator.upper()} ".join(f"({part.text})" for part in parts)
    return Rule("and" if operator == "and" else "or", text, nested=tuple(parts))


def _parenthesised(read: _Reader) -> Rule:
    read.take("punct", "(")
    rule = _rule(read)
    read.take("punct", ")")
    return rule


def _simple_rule(read: _Reader) -> Rule:
    rule_type = read.take("word")
    evaluator = EVALUATORS.get(rule_type)
    if evaluator is None or rule_type in ("and", "or"):
        raise RulesetError(
            f"rule type {rule_type} has no evaluator in the Spark-native engine of Spark 4 runtimes (it evaluates "
            f"{', '.join(sorted(t for t in EVALUATORS if t not in ('and', 'or')))} and and/or, the types the DSL "
            "models). Write the rule with those, or run the stack locally on Glue 5.1 or 5.0, where Deequ evaluates "
            "the other DQDL rule types."
        )
    strings, condition = [], None
    while read.peek()[0] == "string":
        strings.append(read.string())
    if rule_type == "ColumnDataType":
        read.take("op", "=")
        strings.append(read.string().upper())
    elif read.at_condition():
        condition = read.condition()
    threshold = None
    if read.peek()[0] == "word" and read.peek()[1].lower() == "with":
        read.take()
        read.take("word", "threshold")
        threshold = read.condition()
    quoted = " ".join(f'"{s}"' for s in strings)
    if rule_type == "ColumnDataType":
        quoted = f'"{strings[0]}" = "{strings[1]}"'
    text = " ".join(p for p in (rule_type, quoted, condition.text() if condition else "") if p)
    if threshold:
        text += f" with threshold {threshold.text()}"
    rule = Rule(rule_type, text, tuple(strings), condition, threshold)
    if rule_type in COMPARED:
        rule.compared  # noqa: B018 (refuses, at parse time, a rule that compares a measure with nothing)
    return rule


# ---- evaluation ---------------------------------------------------------------------------------------------


def java_double(value: float) -> str:
    """A double as Scala's string interpolation shows it (Java's Double.toString): 0.75, 3.0, 1.5E7, 1.0E-4."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        text = repr(float(value))  # Python's shortest digits, as Java's; plain notation throughout this range
        return text if "." in text else f"{text}.0"
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    shown = "".join(map(str, digits))
    mantissa = f"{shown[0]}.{shown[1:] or '0'}"
    return f"{'-' if sign else ''}{mantissa}E{len(digits) - 1 + int(exponent)}"


def _requirement(value, integral=False, mark="!") -> str:
    shown = str(int(value)) if integral else java_double(float(value))
    return f"Value: {shown} does not meet the constraint requirement{mark}"


@dataclass
class Outcome:
    passed: bool
    reason: str | None = None
    metrics: dict = field(default_factory=dict)


@dataclass
class Evaluation:
    """What one rule asks of Spark: aggregates over the evaluated frame (by name), the verdict from their values,
    and its row-level verdict (a boolean Column, NULL for 'skipped'; None when the rule is dataset-level)."""

    aggregates: dict
    verdict: Callable[[dict], Outcome]
    row: Column | None = None


class Context:
    """The evaluated frame for one ruleset, the additional sources by alias, and fresh names for helper columns."""

    def __init__(self, frame: DataFrame, sources: dict):
        self.frame = frame
        self.sources = sources
        self.spark = frame.sparkSession
        self.columns = set(frame.columns)
        self._names = 0

    def name(self, what: str) -> str:
        self._names += 1
        return f"__dq{self._names}_{what}"

    def with_column(self, column: Column, what: str) -> str:
        name = self.name(what)
        self.frame = self.frame.withColumn(name, column)
        return name


def _col(name: str) -> Column:
    return F.col(f"`{name}`")


def _rows() -> Column:
    return F.count(F.lit(1))


def _share(condition: Column) -> Column:
    # A count divided as doubles: no overflow, and NULL (not an error) on an empty frame, with ANSI on or off.
    return F.sum(F.when(condition, 1).otherwise(0)).cast("double") / _rows().cast("double")


def _missing_column(ctx: Context, rule: Rule, column: str) -> Evaluation | None:
    if column in ctx.columns:
        return None
    reason = f"Input data does not include column {column}!"
    return Evaluation({}, lambda _values: Outcome(False, reason), F.lit(None).cast("boolean"))


def _empty(analyzer: str) -> str:
    return f"Empty state for analyzer {analyzer}, all input values were NULL."


def row_count(rule: Rule, ctx: Context) -> Evaluation:
    name = ctx.name("rows")

    def verdict(values):
        rows = values[name]
        metrics = {"Dataset.*.RowCount": float(rows)}
        return (
            Outcome(True, None, metrics)
            if rule.compared.holds(rows)
            else Outcome(False, _requirement(rows, integral=True), metrics)
        )

    return Evaluation({name: _rows()}, verdict)


def _completeness(rule: Rule, ctx: Context) -> Evaluation:
    column = rule.strings[0]
    missing = _missing_column(ctx, rule, column)
    if missing:
        return missing
    name = ctx.name("complete")
    condition = rule.condition or Condition("=", (1.0,), ("1",))

    def verdict(values):
        share = values[name]
        if share is None:
            return Outcome(False, _empty(f"Completeness({column},None,None)"))
        metrics = {f"Column.{column}.Completeness": share}
        return Outcome(True, None, metrics) if condition.holds(share) else Outcome(False, _requirement(share), metrics)

    return Evaluation({name: _share(_col(column).isNotNull())}, verdict, _col(column).isNotNull())


def _uniqueness(rule: Rule, ctx: Context) -> Evaluation:
    column = rule.strings[0]
    missing = _missing_column(ctx, rule, column)
    if missing:
        return missing
    # How often each row's value occurs: a window (a shuffle by the column), not a collect.
    occurs = ctx.with_column(F.count(_col(column)).over(_window(column)), "occurs")
    unique, non_null = ctx.name("unique"), ctx.name("nonnull")
    condition = rule.condition or Condition("=", (1.0,), ("1",))

    def verdict(values):
        if not values[non_null]:
            return Outcome(False, _empty(f"Uniqueness(List({column}),None,None)"))
        share = values[unique] / values[non_null]
        metrics = {f"Column.{column}.Uniqueness": share}
        return Outcome(True, None, metrics) if condition.holds(share) else Outcome(False, _requirement(share), metrics)

    aggregates = {
        unique: F.sum(F.when(F.col(occurs) == 1, 1).otherwise(0)),
        non_null: F.count(_col(column)),
    }
    # Deequ's row-level uniqueness: a value seen once passes, a repeated one fails, NULL passes.
    return Evaluation(aggregates, verdict, _col(column).isNull() | (F.col(occurs) == 1))


def _window(column: str):
    from pyspark.sql import Window

    return Window.partitionBy(_col(column))


def column_exists(rule: Rule, ctx: Context) -> Evaluation:
    column = rule.strings[0]
    present = 1.0 if column in ctx.columns else 0.0
    metrics = {f"Dataset.{column}.ColumnExists": present}
    return Evaluation(
        {}, lambda _values: Outcome(True, None, metrics) if present else Outcome(False, _requirement(0.0), metrics)
    )


def distinct_values_count(rule: Rule, ctx: Context) -> Evaluation:
    column = rule.strings[0]
    missing = _missing_column(ctx, rule, column)
    if missing:
        return missing
    name = ctx.name("distinct")

    def verdict(values):
        count = values[name]
        metrics = {f"Column.{column}.DistinctValuesCount": float(count)}
        return (
            Outcome(True, None, metrics)
            if rule.compared.holds(count)
            else Outcome(False, _requirement(count, integral=True), metrics)
        )

    # Deequ counts NULL as one of the distinct values.
    distinct = F.countDistinct(_col(column)) + F.max(F.when(_col(column).isNull(), 1).otherwise(0))
    return Evaluation({name: distinct}, verdict)


def column_values(rule: Rule, ctx: Context) -> Evaluation:
    column = rule.strings[0]
    missing = _missing_column(ctx, rule, column)
    if missing:
        return missing
    c, condition = _col(column), rule.compared
    op, operands = condition.op, condition.operands
    numeric = all(isinstance(v, float) for v in operands) and op != "matches"
    nulls = ctx.name("nulls")
    null_count = {nulls: F.sum(F.when(c.isNull(), 1).otherwise(0))}
    if numeric and op in (">", ">=", "<", "<=", "="):
        # Deequ checks the minimum and/or the maximum, then completeness, each with its own failure line.
        low, high = ctx.name("min"), ctx.name("max")
        value = operands[0]
        compare = {">": c > value, ">=": c >= value, "<": c < value, "<=": c <= value, "=": c == value}[op]

        def verdict(values):
            if values[nulls] is None or (values[low] is None and not values[nulls]):
                return Outcome(False, _empty(f"Minimum({column},None,None)"))
            lines, metrics = [], {}
            measures = {">": ["min"], ">=": ["min"], "<": ["max"], "<=": ["max"], "=": ["min", "max"]}[op]
            for measure in measures:
                measured = values[low if measure == "min" else high]
                metrics[f"Column.{column}.{'Minimum' if measure == 'min' else 'Maximum'}"] = measured
                if measured is not None and not Condition(op, operands, condition.texts).holds(measured):
                    lines.append(_requirement(measured))
            if values[nulls]:
                lines.append(NULL_REQUIREMENT)
            metrics = {k: v for k, v in metrics.items() if v is not None}
            return Outcome(not lines, "\n".join(lines) or None, metrics)

        aggregates = {**null_count, low: F.min(c).cast("double"), high: F.max(c).cast("double")}
        return Evaluation(aggregates, verdict, c.isNotNull() & compare)
    if numeric and op == "between":
        inside = (c > operands[0]) & (c < operands[1])
        share = ctx.name("between")

        def verdict(values):
            if values[share] is None:
                low, high = operands
                analyzer = (
                    f"Compliance({column} between {java_double(low)} and {java_double(high)},"
                    f"`{column}` IS NULL OR (`{column}` > {java_double(low)} AND `{column}` < {java_double(high)}),"
                    f"None,List({column}),None)"
                )
                return Outcome(False, f"{_empty(analyzer)}\n{NULL_REQUIREMENT}")
            lines = [_requirement(values[share])] if values[share] != 1.0 else []
            if values[nulls]:
                lines.append(NULL_REQUIREMENT)
            # Deequ 2.1.0 names the compliance metric with a disambiguator it does not look up again: no metric.
            return Outcome(not lines, "\n".join(lines) or None, {})

        return Evaluation({**null_count, share: _share(c.isNull() | inside)}, verdict, c.isNotNull() & inside)
    if op == "matches":
        matched = c.rlike(f"^{operands[0]}$")
        return _compliance(ctx, column, matched, f"Column.{column}.PatternMatch", c.isNotNull() & matched)
    if op == "in":
        listed = c.isin(*operands)
        return _compliance(ctx, column, c.isNotNull() & listed)
    if op == "!=":
        return _compliance(ctx, column, c.isNull() | (c != operands[0]))
    return _compliance(ctx, column, c.isNotNull() & (c == operands[0]))  # a quoted value: "=" on strings


def _compliance(ctx: Context, column: str, passes: Column, metric=None, row=None) -> Evaluation:
    share = ctx.name("compliance")
    metric = metric or f"Column.{column}.ColumnValues.Compliance"

    def verdict(values):
        measured = values[share]
        if measured is None:
            return Outcome(False, _empty(f"Compliance({column},None,None)"))
        metrics = {metric: measured}
        return Outcome(True, None, metrics) if measured == 1.0 else Outcome(False, _requirement(measured), metrics)

    passes = F.coalesce(passes, F.lit(False))
    return Evaluation({share: _share(passes)}, verdict, passes if row is None else F.coalesce(row, F.lit(False)))


DATA_TYPES = {
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP",
    "INTEGER": "INT",
    "DOUBLE": "DOUBLE",
    "FLOAT": "FLOAT",
    "LONG": "BIGINT",
}


def column_data_type(rule: Rule, ctx: Context) -> Evaluation:
    column, wanted = rule.strings
    missing = _missing_column(ctx, rule, column)
    if missing:
        return missing
    spark_type = DATA_TYPES.get(wanted) or wanted
    value = f"`{column}`"
    if spark_type in ("INT", "BIGINT"):
        # Deequ casts without ANSI, where a number with a fractional part ('3.5') reads as a whole one (3);
        # try_cast is ANSI's cast, which refuses it, so the fraction is dropped first.
        value = f"regexp_replace(cast({value} as string), '^(\\\\s*[+-]?[0-9]+)\\\\.[0-9]*(\\\\s*)$', '$1$2')"
    # SQL's try_cast (pyspark 3.5 has no Column.try_cast): NULL, never an error, where a value does not fit.
    fits = F.expr(f"try_cast({value} AS {spark_type})").isNotNull()
    share = ctx.name("typed")
    threshold = rule.threshold or Condition("=", (1.0,), ("1",))
    metric = f"Column.{column}.ColumnDataType.Compliance"

    def verdict(values):
        measured = values[share]
        if measured is None:
            return Outcome(False, "Primary data frame contains no data.")
        metrics = {metric: measured}
        if threshold.holds(measured):
            return Outcome(True, None, metrics)
        return Outcome(False, _requirement(measured, mark="."), metrics)

    return Evaluation({share: _share(fits)}, verdict)


def custom_sql(rule: Rule, ctx: Context) -> Evaluation:
    statement = rule.strings[0]
    if rule.condition is not None:
        return _custom_sql_value(rule, ctx, statement)
    return _custom_sql_rows(rule, ctx, statement)


def _custom_sql_value(rule: Rule, ctx: Context, statement: str) -> Evaluation:
    # One query, as on Glue; its one number is read from the driver (one row).
    try:
        result = ctx.spark.sql(statement)
        first = result.first()
        measured = None if first is None or first[0] is None else float(first[0])
        error = None
    except Exception as raised:  # the query's own error is the rule's failure reason, as Deequ reports it
        measured, error = None, _message(raised)

    def verdict(_values):
        if error is not None:
            return Outcome(False, error)
        if measured is None:
            return Outcome(False, _empty("CustomSql"))
        metrics = {"Dataset.*.CustomSQL": measured}
        if rule.compared.holds(measured):
            return Outcome(True, None, metrics)
        return Outcome(False, _requirement(measured), metrics)

    return Evaluation({}, verdict)


def _message(raised: Exception) -> str:
    return str(getattr(raised, "desc", None) or raised).split("\n\nJVM stacktrace")[0]


def _custom_sql_rows(rule: Rule, ctx: Context, statement: str) -> Evaluation:
    rows = ctx.name("rows")
    try:
        result = ctx.spark.sql(statement)
    except Exception as raised:  # Deequ reports a query it cannot run as the rule's failure, every row failing
        reason = f"Error executing SQL statement: {_message(raised)}"
        return Evaluation({}, lambda _values: Outcome(False, reason), F.lit(False))
    returned = result.columns
    outside = [c for c in returned if c not in ctx.columns]
    passed = ""
    if not outside:
        marker = ctx.name("returned")
        renamed = {c: ctx.name("sql") for c in returned}
        matches = result.distinct().select(*[_col(c).alias(renamed[c]) for c in returned], F.lit(True).alias(marker))
        # NULL-safe equality, which Spark runs as a hash join (it is an equi-join key, unlike Deequ's CASE).
        on = None
        for c in returned:
            equal = _col(c).eqNullSafe(F.col(renamed[c]))
            on = equal if on is None else on & equal
        ctx.frame = ctx.frame.join(matches, on, "left").drop(*renamed.values())
        passed = ctx.with_column(F.col(marker).isNotNull(), "passed")
        ctx.frame = ctx.frame.drop(marker)
    share = ctx.name("compliance")
    threshold = rule.threshold or Condition("=", (1.0,), ("1",))

    def verdict(values):
        if not values[rows]:
            return Outcome(False, "Custom SQL rule could not be evaluated due to data frame being empty")
        if not returned or outside == returned:
            return Outcome(
                False,
                "The output from CustomSQL must contain at least one column that matches the input dataset. "
                "Ensure that matching columns are returned from the SQL.",
            )
        if outside:
            return Outcome(
                False,
                "The columns returned from the SQL statement should only belong to the primary table. "
                f"Columns not found: {', '.join(outside)}",
            )
        measured = values[share]
        metrics = {"Dataset.*.CustomSQL.Compliance": measured}
        if threshold.holds(measured):
            return Outcome(True, None, metrics)
        return Outcome(False, _requirement(measured, mark="."), metrics)

    if outside:
        return Evaluation({rows: _rows()}, verdict, F.lit(False))
    return Evaluation({rows: _rows(), share: _share(F.col(passed))}, verdict, F.col(passed))


def referential_integrity(rule: Rule, ctx: Context) -> Evaluation:
    columns = [c.strip() for c in rule.strings[0].split(",")]
    match = re.match(r"^([^.]+)\.(?:\{([^}]*)\}|(.+))$", rule.strings[1])
    alias = match.group(1) if match else rule.strings[1]
    reference = ctx.sources.get(alias)
    if match is None or reference is None:
        reason = f"{alias} not found in additional sources"
        return Evaluation({}, lambda _values: Outcome(False, reason))
    targets = [c.strip() for c in (match.group(2) or match.group(3)).split(",")]
    keys = reference.select(*[_col(t).alias(f"__dq_ref{i}") for i, t in enumerate(targets)]).distinct()
    on = None
    for i, c in enumerate(columns):
        equal = _col(c) == F.col(f"__dq_ref{i}")  # plain equality: a NULL key is never in the reference
        on = equal if on is None else on & equal
    found = keys.withColumn("__dq_found", F.lit(True))
    totals = (
        ctx.frame.select(*[_col(c) for c in columns])
        .join(found, on, "left")
        .agg(_rows().alias("rows"), F.count("__dq_found").alias("found"))
        .first()
    )
    assert totals is not None  # an aggregate without grouping has one row

    def verdict(_values):
        if not totals["rows"]:
            return Outcome(False, "Primary data frame contains no data.")
        ratio = totals["found"] / totals["rows"]
        metrics = {f"Column.{alias}.ReferentialIntegrity": ratio}
        if rule.compared.holds(ratio):
            return Outcome(True, None, metrics)
        return Outcome(False, _requirement(ratio, mark="."), metrics)

    return Evaluation({}, verdict)


def _combinator(rule: Rule, ctx: Context) -> Evaluation:
    nested = [_evaluate(part, ctx) for part in rule.nested]
    aggregates = {name: column for evaluation in nested for name, column in evaluation.aggregates.items()}
    conjunction = rule.type == "and"

    def verdict(values):
        outcomes = [evaluation.verdict(values) for evaluation in nested]
        reasons = [o.reason for o in outcomes if o.reason]
        passed = all(o.passed for o in outcomes) if conjunction else any(o.passed for o in outcomes)
        metrics = {}
        for outcome in outcomes:
            metrics.update(outcome.metrics)
        # Deequ joins every nested failure reason, also under an `or` that passed.
        return Outcome(passed, "\n".join(reasons) or None, metrics)

    rows = [evaluation.row for evaluation in nested if evaluation.row is not None]
    row = None
    if len(rows) == len(nested):  # Deequ: a combination has row-level verdicts only when each nested rule has
        row = F.lit(True) if conjunction else F.lit(False)
        for r in rows:
            row = (row & r) if conjunction else (row | r)
    return Evaluation(aggregates, verdict, row)


# Rule types whose measure a condition compares.
COMPARED = {"RowCount", "Completeness", "Uniqueness", "DistinctValuesCount", "ColumnValues", "ReferentialIntegrity"}

# Rule types Deequ evaluates through its own checks: nested in and/or, Deequ 2.1.0 also lists each of them in
# ruleOutcomes on its own (the others are evaluated by its DQDL executors and are not listed twice).
LISTED_WHEN_NESTED = {
    "RowCount",
    "IsComplete",
    "IsUnique",
    "ColumnExists",
    "Completeness",
    "Uniqueness",
    "DistinctValuesCount",
    "ColumnValues",
}

# One evaluator per rule type of src/model/quality/rule-types.ts (RULE_TYPES), under the same names.
EVALUATORS: dict[str, Callable[[Rule, Context], Evaluation]] = {
    "RowCount": row_count,
    "IsComplete": _completeness,
    "IsUnique": _uniqueness,
    "ColumnExists": column_exists,
    "Completeness": _completeness,
    "Uniqueness": _uniqueness,
    "DistinctValuesCount": distinct_values_count,
    "ColumnValues": column_values,
    "ColumnDataType": column_data_type,
    "CustomSql": custom_sql,
    "ReferentialIntegrity": referential_integrity,
    "and": _combinator,
    "or": _combinator,
}


def _evaluate(rule: Rule, ctx: Context) -> Evaluation:
    return EVALUATORS[rule.type](rule, ctx)


def _leaves(rule: Rule):
    for part in rule.nested:
        if part.nested:
            yield from _leaves(part)
        elif part.type in LISTED_WHEN_NESTED:
            yield part


def process_rows(dataframe: DataFrame, ruleset: str, sources: dict) -> tuple[DataFrame, DataFrame]:
    """(ruleOutcomes, rowLevelOutcomes) for `ruleset` over `dataframe`, as Deequ's processRows gives them."""
    rules = parse(ruleset)
    spark = dataframe.sparkSession
    ctx = Context(dataframe, sources)
    listed = list(rules)
    for rule in rules:
        listed += [leaf for leaf in _leaves(rule) if leaf not in listed]
    evaluations = {rule: _evaluate(rule, ctx) for rule in listed}
    aggregates = {name: column for e in evaluations.values() for name, column in e.aggregates.items()}
    # Every column rule's measure in one pass over the evaluated frame.
    values = {}
    if aggregates:
        totals = ctx.frame.agg(*[column.alias(name) for name, column in aggregates.items()]).first()
        assert totals is not None  # an aggregate without grouping has one row
        values = totals.asDict()
    outcomes = []
    for rule, evaluation in evaluations.items():
        outcome = evaluation.verdict(values)
        outcomes.append(
            (rule.text, "Passed" if outcome.passed else "Failed", outcome.reason, outcome.metrics or {}, None)
        )
    rule_outcomes = spark.createDataFrame(outcomes, RULE_OUTCOMES_SCHEMA)
    return rule_outcomes, _row_level(ctx, dataframe.columns, rules, evaluations)


def _row_level(ctx: Context, columns, rules, evaluations) -> DataFrame:
    def names(verdict):
        return (
            F.array_compact(
                F.array(
                    *[
                        F.when(verdict(evaluations[r].row), F.lit(r.text))
                        for r in rules
                        if evaluations[r].row is not None
                    ]
                )
            )
            if any(evaluations[r].row is not None for r in rules)
            else F.array().cast("array<string>")
        )

    skipped = [F.lit(r.text) for r in rules if evaluations[r].row is None]
    unknown = [F.when(evaluations[r].row.isNull(), F.lit(r.text)) for r in rules if evaluations[r].row is not None]
    frame = ctx.frame.select(
        *[_col(c) for c in columns],
        names(lambda row: F.coalesce(row, F.lit(False)) & row.isNotNull()).alias(PASS),
        names(lambda row: row.isNotNull() & ~F.coalesce(row, F.lit(True))).alias(FAIL),
        F.array_compact(F.array(*skipped, *unknown)).cast("array<string>").alias(SKIP)
        if skipped or unknown
        else F.array().cast("array<string>").alias(SKIP),
    )
    return frame.withColumn(RESULT, F.when(F.size(FAIL) == 0, "Passed").otherwise("Failed"))
