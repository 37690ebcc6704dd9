"""Which jobs a run executes: all of them, `--jobs a,b`, or `--from a` (a and everything downstream).

A partial run reuses the tables that earlier runs left in the lakehouse for the jobs it skips, so
before Spark starts it checks that every table a selected job reads is either landing data, written
by another selected job, or already built; otherwise it names the job to run first.
"""

import difflib


class SelectionError(Exception):
    """A --jobs / --from value the runner cannot honour; the message says what to run instead."""


def _resolve(manifest, name, option):
    known = [job.name for job in manifest.jobs]
    if name in known:
        return name
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    raise SelectionError(
        f'{option}: there is no job "{name}" in stack {manifest.stack}.{hint} Jobs: {", ".join(known)}.'
    )


def downstream(manifest, names):
    """`names` and every job that reads, directly or not, a table one of them writes."""
    selected = set(names)
    for job in manifest.jobs:  # lineage order, so one pass reaches every descendant
        if job.name in selected:
            continue
        produced = {table for other in manifest.jobs if other.name in selected for table in other.writes}
        if produced.intersection(job.reads):
            selected.add(job.name)
    return selected


def select(manifest, jobs=None, start=None):
    """The JobSpecs to run, in lineage order. `jobs` is a comma-separated list, `start` one job name."""
    if jobs and start:
        raise SelectionError(
            "--jobs and --from cannot be combined: "
            "--jobs runs exactly the jobs named, --from a job and all that follows it."
        )
    if jobs:
        names = {_resolve(manifest, name.strip(), "--jobs") for name in jobs.split(",") if name.strip()}
        if not names:
            known = ", ".join(j.name for j in manifest.jobs)
            raise SelectionError(f"--jobs needs at least one job name; stack {manifest.stack} has {known}")
    elif start:
        names = downstream(manifest, [_resolve(manifest, start.strip(), "--from")])
    else:
        return list(manifest.jobs)
    return [job for job in manifest.jobs if job.name in names]


def producers(manifest):
    return {table: job for job in manifest.jobs for table in job.writes}


def unbuilt_inputs(manifest, selected, is_built):
    """[(job, table, producer job)] for each table a selected job reads that nothing in this run
    writes, that is not landing data, and that `is_built(table)` says has never been written."""
    tables = {table.name: table for table in manifest.tables}
    running = {job.name for job in selected}
    made_here = {table for job in selected for table in job.writes}
    by_table = producers(manifest)
    missing = []
    for job in selected:
        for name in job.reads:
            table = tables.get(name)
            if table is None or table.is_landing or name in made_here or is_built(table):
                continue
            producer = by_table.get(name)
            if producer is not None and producer.name not in running:
                missing.append((job, name, producer))
    return missing


def first_to_run(manifest, missing, is_built):
    """The earliest job, in lineage order, whose output is missing and whose own inputs are all there
    (or are landing data): running `--from` it builds everything the selection lacks."""
    by_table = producers(manifest)
    tables = {table.name: table for table in manifest.tables}
    needed = set()
    pending = [producer for _, _, producer in missing]
    while pending:
        job = pending.pop()
        if job.name in needed:
            continue
        needed.add(job.name)
        for name in job.reads:
            upstream = by_table.get(name)
            if upstream is not None and not tables[name].is_landing and not is_built(tables[name]):
                pending.append(upstream)
    return next(job for job in manifest.jobs if job.name in needed)


def explain_unbuilt(manifest, missing, is_built, root):
    lines = [
        f"  job {job.name} reads {table}, which has never been built in {root} (job {producer.name} writes it)"
        for job, table, producer in missing
    ]
    first = first_to_run(manifest, missing, is_built)
    return (
        "Some inputs of the selected jobs do not exist yet:\n"
        + "\n".join(lines)
        + f"\nRun job {first.name} first: `npm start -- --from {first.name}` builds it and everything after it"
        + " (or run `npm start` once without --jobs/--from)."
    )
