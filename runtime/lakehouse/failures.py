"""Turns an exception from a generated script into a short report: the node and the first useful line.

A Spark failure arrives as a 200-line Java stack; what the user needs is which node of which job
failed and the innermost cause's message. Spark evaluates lazily, so a data error (a value an expression
cannot take) is raised by the node whose action forced the plan, often a data-quality check or a sink, not by
the node that owns the failing expression: `owning_node` finds that node again.
"""

import os
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

NODE_COMMENT = re.compile(r"^\s*# Script generated for node (.+?)\s*$")
ASSIGNMENT = re.compile(r"^([A-Za-z_]\w*) = ")
MAX_DETAIL_LINES = 20
# Spark's own exceptions, and pyspark's Python faces of them: raised while a plan runs, from the data.
SPARK_PACKAGE = "org.apache.spark."
EXPLAINED_ERRORS = ("AnalysisException", "ParseException")


@dataclass
class Failure:
    node: str
    line: int
    headline: str
    details: list[str] = field(default_factory=list)
    # The column whose expression failed, when only some of the owning node's columns fail.
    field: str | None = None
    # The node whose action raised the error, when the failing expression belongs to an earlier node.
    surfaced_at: str | None = None


@dataclass(frozen=True)
class NodeSection:
    name: str
    line: int  # the line of its "# Script generated for node" comment
    variables: tuple[str, ...]  # the module-level names it assigns, in order


def _same_file(a: str | Path, b: str | Path) -> bool:
    """One file, however each side spells it: runpy names the code by the path it was given, relative or not."""
    return os.path.realpath(a) == os.path.realpath(b)


def sections(script: Path) -> list[NodeSection]:
    """The script's nodes in order, each with the variables its code assigns."""
    found: list[NodeSection] = []
    name, start, variables = None, 0, []
    for number, text in enumerate(script.read_text().splitlines(), start=1):
        match = NODE_COMMENT.match(text)
        if match:
            if name is not None:
                found.append(NodeSection(name, start, tuple(variables)))
            name, start, variables = match.group(1), number, []
            continue
        assigned = ASSIGNMENT.match(text)
        if name is not None and assigned:
            variables.append(assigned.group(1))
    if name is not None:
        found.append(NodeSection(name, start, tuple(variables)))
    return found


def node_at(script_sections: list[NodeSection], line: int) -> str:
    """The display name of the node whose code holds `line` (the closest node comment above it)."""
    before = [section for section in script_sections if section.line <= line]
    return before[-1].name if before else "(set-up, before the first node)"


def script_frame(error: BaseException, script: Path):
    """(frame, line) of the innermost module-level code of `script` in the traceback, or (None, 0). Inside a
    helper such as readJsonLines, the line is the node's call of the helper, not the helper's own line."""
    found = (None, 0)
    for frame, line in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_name == "<module>" and _same_file(frame.f_code.co_filename, script):
            found = (frame, line or 0)
    return found


def _java_chain(throwable) -> list:
    chain, seen = [], 0
    while throwable is not None and seen < 20:
        chain.append(throwable)
        throwable = throwable.getCause()
        seen += 1
    return chain


def _java_root_message(throwable) -> str:
    """Class and message of the most useful cause of a Java throwable: the innermost one that carries a Spark
    error class ("[INCONSISTENT_BEHAVIOR_…] …", which says what to do), else the innermost."""
    chain = _java_chain(throwable)
    classified = [t for t in chain if (t.getMessage() or "").startswith("[")]
    chosen = classified[-1] if classified else chain[-1]
    return f"{chosen.getClass().getSimpleName()}: {chosen.getMessage() or ''}"


def _first_line(text: str) -> str:
    """The first non-blank line; one that only introduces the next (ends with ':') takes the next one too."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    return f"{lines[0]} {lines[1]}" if lines[0].endswith(":") and len(lines) > 1 else lines[0]


def _java_of(error: BaseException):
    return getattr(error, "_origin", None) or getattr(error, "java_exception", None)


def summarize(error: BaseException):
    """(headline, detail lines) for an exception from a script."""
    java = _java_of(error)
    if java is not None:
        try:
            return _first_line(_java_root_message(java)), []
        except Exception:  # the JVM may be gone; fall back to the Python side's text
            pass
    # pyspark's CapturedException: desc is the message without the JVM stack
    desc = getattr(error, "desc", None)
    text = str(error) if desc is None else str(desc)
    lines = [line for line in text.splitlines() if line.strip()]
    headline = f"{type(error).__name__}: {lines[0].strip() if lines else ''}"
    # Python errors from the script's own helpers (assertSchema's diff) carry their detail in the message.
    details = lines[1 : MAX_DETAIL_LINES + 1] if desc is None else []
    return headline, details


def raised_by_spark_job(error: BaseException) -> bool:
    """Did Spark raise this while running a plan (a data error), rather than while building one? Only then can
    the failing expression belong to an earlier node: analysis errors are raised where the plan is built."""
    if type(error).__name__ in EXPLAINED_ERRORS:
        return False
    java = _java_of(error)
    if java is None:
        return False
    try:
        return any(str(t.getClass().getName()).startswith(SPARK_PACKAGE) for t in _java_chain(java))
    except Exception:  # the JVM may be gone
        return False


def _dataframe(value) -> "DataFrame | None":
    """The DataFrame of a node's variable (a DynamicFrame or a DataFrame), or None for anything else."""
    from pyspark.sql import DataFrame

    if isinstance(value, DataFrame):
        return value
    to_df = getattr(value, "toDF", None)
    if callable(to_df) and type(value).__name__ == "DynamicFrame":
        dataframe = to_df()
        return dataframe if isinstance(dataframe, DataFrame) else None
    return None


def _run_plan(dataframe) -> None:
    """Computes every row and every column of the plan, keeping nothing. Counting the physical plan's rows keeps
    every column, where `count()` would prune the columns, and it logs no writer's errors, as a noop write would."""
    dataframe._jdf.queryExecution().toRdd().count()


def _computes(dataframe) -> bool:
    """Does the plan run to its end, every column included?"""
    try:
        _run_plan(dataframe)
        return True
    except Exception as error:  # noqa: BLE001 - any failure of the plan is the answer
        if raised_by_spark_job(error):
            return False
        raise


def owning_node(script_sections: list[NodeSection], names: dict, failing_line: int):
    """The first node before `failing_line` whose own frame fails to compute, and the failing columns when only
    some fail: (section, frame's error, fields), or None. Nodes are tried in script order, so each one's inputs
    have computed already, and the first that fails owns the failing expression."""
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    if spark is not None:
        # A frame cached for the failed action (EvaluateDataQuality caches its input) would be read whole even for
        # one column; the job has failed, and its end drops the cache anyway.
        spark.catalog.clearCache()
    for section in script_sections:
        if section.line >= failing_line:
            break
        for variable in section.variables:
            dataframe = _dataframe(names.get(variable))
            if dataframe is None:
                continue
            try:
                _run_plan(dataframe)
                continue
            except Exception as error:  # noqa: BLE001 - examined below
                if not raised_by_spark_job(error):
                    continue
                failed = [column for column in dataframe.columns if not _computes(dataframe.select(column))]
                fields = failed if 0 < len(failed) < len(dataframe.columns) else []
                return section, error, fields
    return None


def describe(error: BaseException, script: Path) -> Failure:
    frame, line = script_frame(error, script)
    headline, details = summarize(error)
    script_sections = sections(script) if line else []
    failure = Failure(node_at(script_sections, line) if line else "(unknown node)", line, headline, details)
    if frame is None or not raised_by_spark_job(error):
        return failure
    try:
        owner = owning_node(script_sections, frame.f_globals, line)
    except Exception:  # noqa: BLE001 - attribution is a courtesy; the original report stands
        owner = None
    if owner is None:
        return failure
    section, owner_error, fields = owner
    headline, _ = summarize(owner_error)
    return Failure(
        section.name,
        section.line + 1,
        headline,
        [f'The error surfaced at node "{failure.node}" (line {line}), whose action computed this node\'s rows.'],
        field=", ".join(fields) or None,
        surfaced_at=failure.node,
    )
