"""Data-quality outcomes of a local run: what each job's EvaluateDataQuality published, and how
many rows each quarantine holds. Printed after the table counts and written to the JSON report."""

from lakehouse.landing import count_lines

# Deequ's words (Glue's engine) for a rule that found no value to measure; the scripts' assertDataQuality lets
# exactly these through on a frame without rows (templates/helpers/assert_data_quality.py.hbs).
NOTHING_TO_MEASURE = ("Empty state for analyzer", "Primary data frame contains no data")


def _no_data(rows, rule):
    """A rule that failed only because no row reached it: an incremental run with nothing new, an empty input."""
    return rows == 0 and rule.outcome == "Failed" and (rule.failure_reason or "").startswith(NOTHING_TO_MEASURE)


def outcomes(job, published):
    """One entry per rule evaluated by `job`, from the results its script published (in order). `outcome` is
    the engine's, as Glue publishes it; `noData` marks a rule that had no row to measure, which is no failure."""
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
                    "rows": result.rows,
                    "noData": _no_data(result.rows, rule),
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
            _shown_outcome(e),
            "-" if e["failedRows"] is None or e.get("noData") else f"{e['failedRows']:,}",
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
    failed = [e for e in entries if e["outcome"] != "Passed" and not e.get("noData")]
    for e in failed:
        if e["reason"]:
            print(f"  {e['table'] or e['node']}: {_short(e['rule'])}: {e['reason']}", file=stream)
    checks_without_rows = {}
    for e in entries:
        if e.get("noData"):
            checks_without_rows.setdefault((e["job"], e["table"] or e["node"]), []).append(e)
    for (job, checked), rules in checks_without_rows.items():
        print(
            f"  {job}: no data reached the check of {checked} (0 rows: no new landing files, or an empty input),"
            f" so its {len(rules)} rule(s) had nothing to measure; that is not a failure.",
            file=stream,
        )


def _shown_outcome(entry):
    if entry.get("noData"):
        return "no data (0 rows)"
    if entry["outcome"] == "Passed" or not entry["action"]:
        return entry["outcome"]
    return f"{entry['outcome']} ({entry['action']})"
