"""Reads generated/<stack>/pipeline.json, the renderer's description of a stack's pipeline."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

from lakehouse import glue_runtime, iceberg_catalog

# The pipeline.json format this runner reads; src/render/manifest.ts writes MANIFEST_FORMAT_VERSION.
MANIFEST_FORMAT_VERSION = 4
# Emitted from the manifest's TypeScript type by `npm run render` (src/cli/manifest-schema.ts).
SCHEMA_PATH = Path(__file__).with_name("pipeline.schema.json")


class ManifestError(Exception):
    """A problem with the generated files: the fix is `npm run render` or a different --stack."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    json_key: str
    tags: tuple


@dataclass(frozen=True)
class Table:
    name: str
    entity: str
    zone: str
    format: str
    prefix: str
    columns: tuple
    partition_keys: tuple
    producer: str | None

    @property
    def is_landing(self):
        return self.zone == "landing"

    @property
    def is_iceberg(self):
        return self.format == "iceberg"

    def catalog_name(self, database):
        """How Spark SQL names it: Iceberg tables live in `glue_catalog` (lakehouse/iceberg_catalog.py)."""
        qualifier = iceberg_catalog.namespace(database) if self.is_iceberg else f"`{database}`"
        return f"{qualifier}.`{self.name}`"


@dataclass(frozen=True)
class Rejected:
    table: str
    prefix: str


@dataclass(frozen=True)
class QualityCheck:
    """An Evaluate Data Quality node: its publishing context is the key of its published results."""

    context: str
    node: str
    table: str | None  # the table whose rules it checks; None for rules on a node
    action: str  # fail | warn | quarantine
    quarantine: str | None  # data-bucket prefix of quarantined rows (action quarantine)
    feeds: tuple[str, ...]  # the tables its passed rows go on to: where its quarantined rows are counted


@dataclass(frozen=True)
class Argument:
    """An argument the script reads with getResolvedOptions: its value is the `place` value where the job runs."""

    name: str
    place: str


@dataclass(frozen=True)
class JobSpec:
    name: str
    script: Path
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    rejected: tuple[Rejected, ...]
    quality: tuple[QualityCheck, ...] = ()
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True)
class Manifest:
    pipeline: str
    stack: str
    # The stack qualified by its project once (qualifiedStackName in src/model/stacks.ts), as pipeline.json gives it.
    qualified_stack: str
    # The project's options for this stack: opaque here, shown to the user as they are.
    options: dict
    database: str
    jobs: list[JobSpec]
    tables: list[Table]
    directory: Path
    # The project's synthetic data generator, relative to the repository root (runtime/lakehouse/synthetic.py).
    synthetic: str | None = None
    # The stack's AWS Glue version (lakehouse/glue_runtime.py): which local runtime runs it.
    glue_version: str = glue_runtime.DEFAULT_VERSION

    def describe_options(self) -> str:
        return ", ".join(f"{key} {value}" for key, value in self.options.items()) or "no options"

    @property
    def landing_tables(self):
        return [table for table in self.tables if table.is_landing]

    @property
    def has_iceberg(self):
        return any(table.is_iceberg for table in self.tables)

    @property
    def has_quality(self):
        """Does a script evaluate data-quality rules (and so need the DQDL engine)?"""
        return any(job.quality for job in self.jobs)


def _column(raw):
    return Column(raw["name"], raw["type"], raw.get("jsonKey") or raw["name"], tuple(raw.get("tags") or ()))


@cache
def _validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    return Draft7Validator(schema)


def _field(path) -> str:
    """A JSON path as the manifest's reader sees it: jobs[2].arguments[0].place."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(the whole manifest)"


def _schema_problem(raw) -> str | None:
    """The first way `raw` differs from the manifest schema, naming the field; None when it conforms."""
    errors = list(_validator().iter_errors(raw))
    if not errors:
        return None
    error = best_match(errors)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{_field(error.absolute_path)}: {error.message}{more}"


def load(directory: Path) -> Manifest:
    path = directory / "pipeline.json"
    if not path.is_file():
        raise ManifestError(f"{path} does not exist: run `npm run render` first")
    try:
        raw = json.loads(path.read_text())
        version = raw.get("formatVersion")
        if version != MANIFEST_FORMAT_VERSION:
            raise ManifestError(
                f"{path} has manifest format version {version!r}, "
                f"but this runner reads version {MANIFEST_FORMAT_VERSION}: "
                + (
                    "run `npm run render` with this checkout's renderer"
                    if not isinstance(version, int) or version < MANIFEST_FORMAT_VERSION
                    else "update this checkout (the manifest comes from a newer renderer)"
                )
            )
        problem = _schema_problem(raw)
        if problem is not None:
            raise ManifestError(
                f"{path} does not match the manifest schema of this runner ({SCHEMA_PATH.name}) at {problem}: "
                "run `npm run render` with this checkout's renderer"
            )
        jobs = [
            JobSpec(
                job["name"],
                directory / job["script"],
                tuple(job["reads"]),
                tuple(job["writes"]),
                tuple(Rejected(r["table"], r["prefix"]) for r in job.get("rejected", [])),
                tuple(
                    QualityCheck(
                        q["context"], q["node"], q.get("table"), q["action"], q.get("quarantine"), tuple(q["feeds"])
                    )
                    for q in job.get("quality", [])
                ),
                tuple(Argument(a["name"], a["place"]) for a in job["arguments"]),
            )
            for job in raw["jobs"]
        ]
        tables = [
            Table(
                t["name"],
                t["entity"],
                t["zone"],
                t["format"],
                t["prefix"],
                tuple(_column(c) for c in t["columns"]),
                tuple(_column(c) for c in t.get("partitionKeys", [])),
                t.get("producer"),
            )
            for t in raw["tables"]
        ]
        manifest = Manifest(
            raw["pipeline"],
            raw["stack"],
            raw["qualifiedStack"],
            dict(raw["options"]),
            raw["database"],
            jobs,
            tables,
            directory,
            raw.get("synthetic"),
            raw.get("glueVersion") or glue_runtime.DEFAULT_VERSION,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ManifestError(
            f"{path} is not a pipeline manifest this runner understands ({error!r}): run `npm run render`"
        ) from error
    missing = [str(job.script) for job in jobs if not job.script.is_file()]
    if missing:
        raise ManifestError(f"{path} names scripts that do not exist: {', '.join(missing)}; run `npm run render`")
    return manifest


# The stack `npm start` runs when none is named.
DEFAULT_STACK = "dev"


def find(generated_root: Path, stack: str | None) -> Path:
    """The generated/<stack> directory: a stack is chosen by name only, never by its project's options."""
    stack = stack or DEFAULT_STACK
    directory = generated_root / stack
    if not (directory / "pipeline.json").is_file():
        known = sorted(p.parent.name for p in generated_root.glob("*/pipeline.json"))
        raise ManifestError(
            f"No rendered stack {stack!r} in {generated_root}: run `npm run render`, or pick one of"
            f" {', '.join(known) or 'none'} with --stack"
        )
    return directory
