"""Keeps the JVM's console to what matters when the data-quality engine is on the classpath, or Spark is 4.x.

With `spark.jars.packages` Spark prints Ivy's resolution report (about 40 lines) on every start,
and the DQDL parser prints an ANTLR version notice on first use (it was generated with ANTLR 4.7;
Spark's 4.9.3 runtime reads it). Neither can be switched off by configuration, so the JVM gets a
pipe as its stderr and a thread forwards everything else (stdout likewise: Ivy's first line goes there).
If the JVM stops during resolution (no network on a first run), the held-back Ivy report is printed: it says
what could not be found.
"""

import os
import re
import sys
import threading
from contextlib import contextmanager

_IVY_START = re.compile(rb"^(:: loading settings|Ivy Default Cache|The jars for the packages)")
_IVY_END = re.compile(rb"artifacts copied|already retrieved")
_ANTLR_NOTICE = re.compile(
    rb"^ANTLR (Tool|Runtime) version 4\.7 used for .* does not match the current runtime version"
)
# Spark 4's launcher adds --add-modules=jdk.incubator.vector to every JVM it starts, and the JVM then warns, on every
# start, that an incubator module is in use: Spark's choice, nothing a job or its user can act on.
_INCUBATOR_NOTICE = re.compile(rb"^WARNING: Using incubator modules: jdk\.incubator\.vector")


def _pump(source_fd, target_fd):
    held, in_report = [], False
    with os.fdopen(source_fd, "rb") as source, os.fdopen(target_fd, "wb") as target:
        for line in source:
            if not in_report and _IVY_START.search(line):
                in_report = True
            if in_report:
                held.append(line)
                if _IVY_END.search(line):
                    held, in_report = [], False
                continue
            if not _ANTLR_NOTICE.search(line) and not _INCUBATOR_NOTICE.search(line):
                target.write(line)
                target.flush()
        target.writelines(held)  # the JVM ended inside the report: show it


@contextmanager
def quiet_dependency_report():
    """Wrap the creation of the Spark session: the JVM started inside inherits filtered stdout and
    stderr (Ivy writes to both); Python's own streams are restored when the block ends."""
    saved = []
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        stream.flush()
        read_fd, write_fd = os.pipe()
        own = os.dup(fd)
        os.dup2(write_fd, fd)
        os.close(write_fd)
        threading.Thread(target=_pump, args=(read_fd, os.dup(own)), daemon=True, name=f"jvm-output-{fd}").start()
        saved.append((fd, stream, own))
    try:
        yield
    finally:
        for fd, stream, own in saved:
            stream.flush()
            os.dup2(own, fd)  # only the JVM keeps the pipe
            os.close(own)
