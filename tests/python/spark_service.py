"""The specs' shared Spark session (tests/spark-service.ts starts it, once per mocha process).

A JVM of its own with the DQDL engine costs ~10 s on 2 cores (start-up, first queries), and the checks
served here each take well under a second of Spark, so every spec's small Spark check is one request to
this one process instead of a process and a JVM of its own. Protocol: one JSON request per line on stdin,
{"id", "helper", "input"}; one JSON reply per line on the original stdout, {"id", "ok", "result" | "error"}.
Anything else written to stdout (Python prints, the JVM's own output) goes to stderr, so it cannot break a reply.
The session stops when stdin closes (the mocha process ended).

Each helper is a module of tests/python with `serve(spark, input) -> JSON value`. A helper must not
change the session's state for the next one: it leaves no temporary views, cached tables, databases or
changed settings behind (each request runs against the same catalog and conf)."""

import importlib
import json
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELPERS = ("row_match_plan", "sql_relations", "local_run_inspect", "eval_expressions")


def main():
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # before the JVM starts: it inherits fd 1 too
    sys.stdout = sys.stderr
    sys.path.insert(0, str(HERE))
    from lakehouse import spark_session

    root = Path(tempfile.mkdtemp(prefix="stedi-spark-service-"))
    try:
        # The DQDL engine on the classpath: row_match_plan evaluates rulesets with it. A short run: each
        # request is a few small queries, so the quick compiler alone starts faster and costs nothing.
        spark, startup = spark_session.build(root, ["spark-service"], data_quality=True, short_run=True)
        print(f"spark_service: Spark started in {startup:.1f}s", file=sys.stderr)
        for line in sys.stdin:
            request = json.loads(line)
            try:
                if request["helper"] not in HELPERS:
                    raise ValueError(f"no helper {request['helper']!r}: the service serves {', '.join(HELPERS)}")
                result = importlib.import_module(request["helper"]).serve(spark, request["input"])
                reply = {"id": request["id"], "ok": True, "result": result}
            except Exception:  # the spec shows the traceback; the session serves the next request
                reply = {"id": request["id"], "ok": False, "error": traceback.format_exc()}
            replies.write(json.dumps(reply) + "\n")
        spark.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
