"""Rows written by the local S3 sinks, so the local runner can report a table's row
count without a second pass over its files. Local only: Glue reports writes in its job metrics, and
no generated script calls this module.

A count is exact when the job emptied the table's location (`purge_s3_path`, which every overwrite
sink does) before writing; after a plain append the table also holds older rows, so it is unknown.
"""

_rows = {}


def _key(path):
    return path.rstrip("/")


def purged(path):
    _rows[_key(path)] = 0


def wrote(path, rows):
    key = _key(path)
    if key in _rows and _rows[key] is not None:
        _rows[key] += rows  # written after a purge: the location holds exactly these rows
    else:
        _rows[key] = None  # appended to whatever the location held before


def drain():
    """{location: rows in it now, or None when unknown} for the writes since the last drain."""
    taken = dict(_rows)
    _rows.clear()
    return taken
