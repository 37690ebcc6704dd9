"""Pipeline benchmarks on local Spark, printed as JSON for bench/run.ts.

  scale   --scales 1 10 100 --runs 3    the local pipeline on synthetic data at each scale
  compare --landing DIR --runs 3        (a) our generated scripts, (b) hand-built Glue Studio-style
                                        scripts (bench/handbuilt/dev), (c) the same SQL in DuckDB

Every run is the real runner (`python -m lakehouse.run`) in a child process. Its peak memory is the
largest summed RSS of the child's whole process tree (Python driver + Spark JVM), sampled every 0.2 s.
The first run on a fresh lakehouse creates the metastore; it is recorded apart and not in the medians.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import duckdb_pipeline  # noqa: E402


def starter_data(stack="dev"):
    """The shared starter data of the stack's project, beside the repository: ../shared/<project>."""
    manifest = json.loads((REPO / "generated" / stack / "pipeline.json").read_text())
    return REPO.parent / "shared" / manifest["pipeline"]


def tree_rss(process):
    try:
        procs = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run_runner(args, root, report):
    env = {**os.environ, "PYTHONPATH": str(REPO / "runtime")}
    command = [sys.executable, "-m", "lakehouse.run", *args, "--root", str(root), "--report", str(report)]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watched, peak, done = psutil.Process(child.pid), [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(watched))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = child.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"runner failed ({child.returncode}) for {args}:\n{stderr[-3000:]}")
    result = json.loads(Path(report).read_text())
    result["wallSeconds"] = wall
    result["peakRssBytes"] = peak[0]
    return result


def summary(result):
    jobs = {j["name"]: j["seconds"] for j in result["jobs"]}
    landing_lines = sum(t.get("lines") or 0 for t in result["tables"].values() if t["zone"] == "landing")
    return {
        "wall": result["wallSeconds"],
        "total": result["totalSeconds"],
        "sparkStartup": result["sparkStartupSeconds"],
        "catalog": result["catalogSeconds"],
        "counting": result["countingSeconds"],
        "jobs": jobs,
        "jobSeconds": sum(jobs.values()),
        "landingLines": landing_lines,
        "rows": {name: t["rows"] for name, t in result["tables"].items()},
        "peakRssBytes": result["peakRssBytes"],
    }


def scale(scales, runs, stack, warmup=True):
    out = []
    for factor in scales:
        root = Path(tempfile.mkdtemp(prefix=f"bench-scale-{factor}-"))
        args = ["--scale", str(factor), "--stack", stack]
        measured = [summary(run_runner(args, root, root / f"run{i}.json")) for i in range(runs + (1 if warmup else 0))]
        first = measured.pop(0) if warmup else measured[0]
        out.append({"scale": factor, "first": first, "runs": measured})
        shutil.rmtree(root, ignore_errors=True)
    return out


def handbuilt_stack(base):
    """bench/handbuilt/dev holds only scripts; the runner also needs the stack's manifest."""
    stack = base / "dev"
    shutil.copytree(REPO / "bench" / "handbuilt" / "dev", stack)
    shutil.copy(REPO / "generated" / "dev" / "pipeline.json", stack / "pipeline.json")
    return base


def compare(landing, runs, warmup=True):
    base = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    generated = {"a": REPO / "generated", "b": handbuilt_stack(base / "handbuilt")}
    # Without a warm-up, (a) and (b) share one lakehouse, so only (a) pays for creating the metastore.
    # That is outside the per-job times compared here: each job overwrites its tables either way.
    roots = {k: base / (f"lake-{k}" if warmup else "lake") for k in generated}
    results = {"a": [], "b": [], "c": []}

    def args(k):
        return ["--landing", str(landing), "--generated", str(generated[k]), "--stack", "dev"]

    for k in ("a", "b") if warmup else ():  # first runs create each lakehouse's metastore
        run_runner(args(k), roots[k], roots[k].with_suffix(".first.json"))
    for i in range(runs):  # interleaved, so drift on the machine hits both alike
        for k in ("a", "b"):
            results[k].append(summary(run_runner(args(k), roots[k], base / f"{k}{i}.json")))
        out = base / f"duck{i}"
        out.mkdir()
        duck = duckdb_pipeline.run(str(landing), str(out), "standard")
        results["c"].append(
            {
                "jobs": {j["name"]: j["seconds"] for j in duck["jobs"]},
                "startup": duck["startup_seconds"],
                "rows": duck["tables"],
            }
        )
    shutil.rmtree(base, ignore_errors=True)
    return results


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scale")
    s.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    s.add_argument("--runs", type=int, default=3)
    s.add_argument("--stack", default="dev")
    c = sub.add_parser("compare")
    c.add_argument("--landing", type=Path, required=True)
    c.add_argument("--runs", type=int, default=3)
    for p in (s, c):
        p.add_argument("--no-warmup", dest="warmup", action="store_false", help="measure the first run too (--quick)")
    a = parser.parse_args()
    if a.command == "scale":
        print(json.dumps(scale([int(x) if x == int(x) else x for x in a.scales], a.runs, a.stack, a.warmup)))
    else:
        print(json.dumps(compare(a.landing.resolve(), a.runs, a.warmup)))


if __name__ == "__main__":
    main()
