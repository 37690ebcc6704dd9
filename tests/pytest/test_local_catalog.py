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


def test_a_jobs_temp_views_and_cache_do_not_outlive_it(spark):
    """On Glue each job has its own session; locally they share one, so the runner drops what a job left."""
    from lakehouse import runner

    spark.sql("CREATE DATABASE IF NOT EXISTS leftovers")
    spark.sql("CREATE TABLE IF NOT EXISTS leftovers.kept (id bigint) USING parquet")
    spark.catalog.cacheTable("leftovers.kept")
    for name in ("primary", "customer_curated"):
        spark.range(2).createOrReplaceTempView(name)
    runner.end_of_job_session_state()
    temporary = [row.viewName for row in spark.sql("SHOW VIEWS").collect() if row.isTemporary]
    assert temporary == []
    assert not spark.catalog.isCached("leftovers.kept")
    assert spark.catalog.tableExists("leftovers.kept")
