"""Turns an exception from a generated script into a short report: the node and the first useful line.

A Spark failure arrives as a 200-line Java stack; what the user needs is which node of which job
failed and the innermost cause's message.
"""

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

NODE_COMMENT = re.compile(r"^\s*# Script generated for node (.+?)\s*$")
MAX_DETAIL_LINES = 20


@dataclass
class Failure:
    node: str
    line: int
    headline: str
    details: list[str] = field(default_factory=list)


def node_at(script: Path, line: int) -> str:
    """The display name of the node whose code holds `line` (the closest node comment above it)."""
    lines = script.read_text().splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        match = NODE_COMMENT.match(lines[number - 1])
        if match:
            return match.group(1)
    return "(set-up, before the first node)"


def script_line(error: BaseException, script: Path) -> int:
    """The module-level line of `script` that was running: inside a helper such as readJsonLines,
    this is the node's call of the helper, not the helper's own line."""
    target = str(script.resolve())
    line = 0
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == target and frame.name == "<module>":
            line = frame.lineno or 0
    return line


def _java_root_message(throwable) -> str:
    """Class and message of the innermost cause of a Java throwable."""
    seen = 0
    while throwable.getCause() is not None and seen < 20:
        throwable = throwable.getCause()
        seen += 1
    message = throwable.getMessage() or ""
    return f"{throwable.getClass().getSimpleName()}: {message}"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def summarize(error: BaseException):
    """(headline, detail lines) for an exception from a script."""
    java = getattr(error, "_origin", None) or getattr(error, "java_exception", None)
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


def describe(error: BaseException, script: Path) -> Failure:
    line = script_line(error, script)
    headline, details = summarize(error)
    return Failure(node_at(script, line) if line else "(unknown node)", line, headline, details)
