"""The local stand-in for Glue 5.0's `glue_catalog`: an Iceberg JdbcCatalog on a SQLite file in the lakehouse.

Generated scripts name Iceberg tables `glue_catalog.<database>.<table>`. On Glue the job's --conf makes that
catalog an Iceberg GlueCatalog over the Data Catalog with S3FileIO (infra/iceberg.ts); here it is Iceberg's
JdbcCatalog, whose only state is one row per table (name -> current metadata file) in
<lakehouse>/iceberg-catalog.db, with Hadoop's file system as FileIO, so s3:// paths go to local S3
(lakehouse/local_s3.py). It persists across runs, as incremental runs need, without a metastore to start.
Why this one and how it differs from GlueCatalog: docs/decisions/local-iceberg-catalog.md.

Only stacks with Iceberg tables get it: the runtime jar costs start-up time and a first download.
"""

from pathlib import Path

from lakehouse import glue_runtime

# The name generated scripts use, as on Glue 5.0 (infra/iceberg.ts sets the same on AWS).
CATALOG = "glue_catalog"

# The JDBC driver of the local catalog file; Iceberg's runtime jar is the installed Glue version's.
SQLITE_JDBC = "org.xerial:sqlite-jdbc:3.54.1.0"


def packages() -> tuple[str, ...]:
    """JVM libraries from Maven Central through Spark's Ivy (cached; no jar is committed): the Iceberg that this
    environment's Glue version ships (`--datalake-formats iceberg`), built for its Spark and Scala
    (lakehouse/glue_runtime.py; 5.0 ships 1.7.1 for Spark 3.5 / Scala 2.12)."""
    runtime = glue_runtime.installed() or glue_runtime.of_version(None)
    return (runtime.iceberg_package, SQLITE_JDBC)


def namespace(database: str) -> str:
    """The database as Spark SQL names it inside `glue_catalog`."""
    return f"{CATALOG}.`{database}`"


def catalog_file(root: Path) -> Path:
    return root.resolve() / "iceberg-catalog.db"


def spark_conf(root: Path, warehouse: str) -> dict:
    """Settings of a session whose `glue_catalog` is the local JdbcCatalog. `warehouse` (an s3:// URI)
    only holds tables created without a LOCATION; the scripts always give theirs, under the zone prefix."""
    prefix = f"spark.sql.catalog.{CATALOG}"
    return {
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        f"{prefix}.type": "jdbc",
        f"{prefix}.uri": f"jdbc:sqlite:{catalog_file(root)}",
        # V1 adds the record type column that JdbcCatalog needs for views and namespace listings.
        f"{prefix}.jdbc.schema-version": "V1",
        f"{prefix}.warehouse": warehouse,
        f"{prefix}.io-impl": "org.apache.iceberg.hadoop.HadoopFileIO",
        # On Glue each job has its own session; here jobs share one, so no job may see another's cached
        # table state: every read loads the table's current metadata, as a new Glue job would.
        f"{prefix}.cache-enabled": "false",
        # Iceberg's Arrow-based vectorized Parquet reader crashed this JVM twice (SIGSEGV, OpenJDK 17.0.15,
        # 2 cores) in the first job reading Iceberg tables; the row-based reader returns the same rows.
        # Glue keeps its default.
        "spark.sql.iceberg.vectorization.enabled": "false",
    }
