"""Data-quality outcomes of a local run: what each job's EvaluateDataQuality published, and how
many rows each quarantine holds. Printed after the table counts and written to the JSON report."""

from lakehouse.landing import count_lines


def outcomes(job, published):
    """One entry per rule evaluated by `job`, from the results its script published (in order)."""
    checks = {check.context: check for check in job.quality}
    entries = []
    for result in published:
        check = checks.get(result.context)
        for rule in result.rules:
            entries.append(
                {
                    "job": job.name,
                    "node": check.node if check else result.context,
                    "table": check.table if check else None,
                    "action": check.action if check else None,
                    "rule": rule.rule,
                    "outcome": rule.outcome,
                    "failedRows": rule.failed_rows,
                    "reason": rule.failure_reason,
                    "metrics": rule.metrics,
                }
            )
    return entries


def quarantined_rows(local_s3, lake_root, manifest, table_name):
    """Rows (JSON lines) set aside on the way to the table, or None when no check quarantines any: those
    of the table's own rules, and those of a node's rules upstream of it in the job that writes it."""
    prefixes = [
        check.quarantine
        for job in manifest.jobs
        for check in job.quality
        if table_name in check.feeds and check.quarantine
    ]
    if not prefixes:
        return None
    return sum(count_lines(local_s3.local_path(f"{lake_root}/{prefix}")) for prefix in prefixes)


RULE_WIDTH = 72  # the printed table shortens longer rules; the JSON report keeps them whole


def _short(rule):
    return rule if len(rule) <= RULE_WIDTH else rule[: RULE_WIDTH - 1] + "…"


def print_outcomes(entries, stream):
    if not entries:
        return
    header = ("job", "node or table", "rule", "outcome", "rows failed")
    rows = [
        (
            e["job"],
            e["table"] or e["node"],
            _short(e["rule"]),
            e["outcome"] + ("" if e["outcome"] == "Passed" or not e["action"] else f" ({e['action']})"),
            "-" if e["failedRows"] is None else f"{e['failedRows']:,}",
        )
        for e in entries
    ]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]

    def fmt(row):
        return "  ".join(
            str(c).rjust(w) if i == 4 else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    print("\nData quality", file=stream)
    print(fmt(header), file=stream)
    print("  ".join("-" * w for w in widths), file=stream)
    for row in rows:
        print(fmt(row), file=stream)
    failed = [e for e in entries if e["outcome"] != "Passed"]
    for e in failed:
        if e["reason"]:
            print(f"  {e['table'] or e['node']}: {_short(e['rule'])}: {e['reason']}", file=stream)
