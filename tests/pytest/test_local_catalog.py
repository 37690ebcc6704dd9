"""The runner's catalog (runtime/lakehouse/catalog.py) starts as AWS does: every table of the pipeline exists, with
its declared columns and format, before any job runs."""

from pathlib import Path

from awsglue import _catalog
from lakehouse import catalog, manifest

GENERATED_DEV = Path(__file__).resolve().parents[2] / "generated" / "dev"


def test_register_tables_creates_every_table_with_its_declared_columns_and_format(spark, lake_root):
    pipeline = manifest.load(GENERATED_DEV)
    catalog.register_tables(spark, pipeline, lake_root)
    derived = [t for t in pipeline.tables if not t.is_landing]
    assert derived, "generated/dev has derived tables"
    for table in derived:
        registered = [
            (f.name, f.dataType.simpleString()) for f in spark.table(f"{pipeline.database}.{table.name}").schema
        ]
        assert registered == [(c.name, c.type) for c in (*table.columns, *table.partition_keys)], table.name
    formats = {t.name: _catalog.existing_definition(spark, pipeline.database, t.name)[1] for t in pipeline.tables}
    assert formats == {t.name: t.format for t in pipeline.tables}
