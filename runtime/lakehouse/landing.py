"""Puts landing data where the scripts read it: <bucket>/<entity>/landing/ in local S3.

The source is a directory in the starter layout (<dir>/<entity>/landing/*.json, or whatever prefix
the manifest declares). It is checked before Spark starts, so a wrong path costs a second, not a
stack trace.
"""

import os
import shutil
from pathlib import Path


class LandingError(Exception):
    """The landing data cannot be used; the message says what is missing and what to do."""


def _is_hidden(name):
    # Spark and Hadoop skip these (e.g. _SUCCESS, .crc files), so staging does too.
    return name.startswith((".", "_"))


def data_files(directory: Path):
    files = []
    for current, subdirs, names in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if not _is_hidden(d))
        files.extend(Path(current) / name for name in sorted(names) if not _is_hidden(name))
    return files


def count_lines(directory: Path) -> int:
    """Lines in the data files under a folder (0 when it does not exist)."""
    if not directory.is_dir():
        return 0
    total = 0
    for path in data_files(directory):
        with open(path, "rb") as handle:
            total += sum(1 for _ in handle)
    return total


def total_bytes(manifest, bucket_dir: Path) -> int:
    """Size of the landing data staged in a bucket: what decides whether a run is short (runner.is_short_run)."""
    return sum(
        path.stat().st_size for table in manifest.landing_tables for path in data_files(bucket_dir / table.prefix)
    )


def check(source: Path, manifest):
    """Raises LandingError listing every landing table whose folder is missing or empty."""
    if not source.is_dir():
        raise LandingError(
            f"Landing folder {source} does not exist. Pass --landing DIR with DIR/<entity>/landing/*.json, "
            "or omit --landing for synthetic data."
        )
    problems = []
    for table in manifest.landing_tables:
        folder = source / table.prefix
        if not folder.is_dir():
            problems.append(f"  {folder}/ is missing (table {table.name})")
        elif sum(path.stat().st_size for path in data_files(folder)) == 0:
            problems.append(f"  {folder}/ has no data (table {table.name})")
    if problems:
        expected = ", ".join(table.prefix for table in manifest.landing_tables)
        raise LandingError(
            f"Landing folder {source} is not usable:\n"
            + "\n".join(problems)
            + f"\nIt needs JSON lines files under: {expected}"
        )


def _link_or_copy(source: Path, target: Path):
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # instant, and landing data is never written by jobs
    except OSError:
        shutil.copy2(source, target)  # keeps the modified time, so an incremental read need not hash the file


def stage(source: Path, manifest, bucket_dir: Path):
    """Replaces each landing prefix of the bucket with the source's files; returns {table: file count}."""
    check(source, manifest)
    staged = {}
    for table in manifest.landing_tables:
        origin, target = source / table.prefix, bucket_dir / table.prefix
        shutil.rmtree(target, ignore_errors=True)
        files = data_files(origin)
        for path in files:
            _link_or_copy(path, target / path.relative_to(origin))
        staged[table.name] = len(files)
    return staged
