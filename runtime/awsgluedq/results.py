"""Where the local EvaluateDataQuality publishes its results (Glue publishes them to its Data
Quality service when `enableDataQualityResultsPublishing` is on). The local runner drains them
after each job for the printed table and the JSON report."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RuleResult:
    rule: str
    outcome: str  # Passed | Failed (Deequ's words, which are Glue's)
    failure_reason: str | None
    metrics: dict
    # Rows whose row-level outcome names this rule as failed; None for dataset-level rules.
    failed_rows: int | None


@dataclass(frozen=True)
class PublishedResult:
    context: str  # publishing_options["dataQualityEvaluationContext"]
    rows: int
    rules: list[RuleResult] = field(default_factory=list)


_published: list[PublishedResult] = []


def publish(result: PublishedResult) -> None:
    _published.append(result)


def drain() -> list[PublishedResult]:
    """The results published since the last drain, oldest first."""
    taken = list(_published)
    _published.clear()
    return taken
