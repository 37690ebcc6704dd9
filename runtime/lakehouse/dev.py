"""Watch mode's Python side: `python -m lakehouse.dev [npm start options]` (what `npm run dev` calls).

Starts Spark once, runs the pipeline (or the --jobs / --from selection), then keeps the session up and
waits on stdin for one JSON command per line, written by src/cli/dev.ts after each re-render:
    {"changed": {"<stack>": ["job", …]}, "savedAt": <epoch ms of the save>}
It reloads pipeline.json, runs the changed jobs and everything downstream of them, and prints the
counts of the tables they wrote. Each answer ends with a line `READY` so the watcher knows it is idle.
"""

import json
import sys
import time

from lakehouse import manifest as manifests
from lakehouse import report, run, runner, selection
from lakehouse.local_s3 import LocalS3

READY = "READY"


def affected_counts(spark, manifest, lake_root, root, succeeded):
    """Counts of the tables written by the jobs that just succeeded (landing tables are not re-counted)."""
    tables = report.collect(spark, manifest, lake_root, LocalS3(root), succeeded, landing_read=())
    return {name: entry for name, entry in tables.items() if entry.get("job") in succeeded}


def run_and_report(spark, manifest, jobs, lake_root, root):
    results, succeeded, failure = runner.run_jobs(manifest, jobs, lake_root)
    tables = affected_counts(spark, manifest, lake_root, root, succeeded)
    if tables:
        report.print_table(tables, sys.stdout)
    if failure is not None:
        runner.print_failure(*failure)
    return results


def handle(spark, args, command, lake_root, root):
    """One re-run after a save; returns the manifest it used."""
    manifest = manifests.load(manifests.find(args.generated, args.stack))
    known = {job.name for job in manifest.jobs}
    changed = [name for name in command.get("changed", {}).get(manifest.stack, []) if name in known]
    if not changed:
        print("No job of this stack changed.")
        return manifest
    names = selection.downstream(manifest, changed)
    jobs = [job for job in manifest.jobs if job.name in names]
    print(f"\nChanged: {', '.join(changed)}; running {len(jobs)} job{'s' if len(jobs) != 1 else ''}")
    run_and_report(spark, manifest, jobs, lake_root, root)
    saved_at = command.get("savedAt")
    if saved_at:
        print(f"Counts on screen {time.time() - saved_at / 1000:.1f}s after the save.")
    return manifest


def main(argv=None):
    args = run.parse_args(sys.argv[1:] if argv is None else argv)
    runner.line_buffered_stdout()
    root = args.root.resolve()
    try:
        manifest = manifests.load(manifests.find(args.generated, args.stack))
        bucket = runner.bucket_name(manifest)
        lake_root = f"s3://{bucket}"
        jobs = runner.selected_jobs(args, manifest, root, lake_root)
        runtime_line = runner.runtime_for(manifest, jobs)
        print(f"Watching stack {manifest.stack} ({manifest.describe_options()}), lakehouse {root}")
        print(runtime_line)
        print(f"Landing data: {runner.prepare_landing(args, manifest, root, LocalS3(root).bucket_dir(bucket))}")
    except (manifests.ManifestError, runner.InputError, selection.SelectionError) as error:
        print(f"Cannot run: {error}", file=sys.stderr)
        return 2
    spark, _, _ = runner.start_spark(root, manifest, bucket, lake_root)
    run_and_report(spark, manifest, jobs, lake_root, root)
    print(READY)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            handle(spark, args, json.loads(line), lake_root, root)
        except manifests.ManifestError as error:
            print(f"Cannot run: {error}", file=sys.stderr)
        print(READY)
    spark.stop()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
