"""Checks the local awsglue subset against the contract (docs/script-contract.md) on real Spark.
Run by tests/local-run-glue-api.spec.ts with the lakehouse root as argv[1]; prints one line per check."""

import sys
from pathlib import Path

from awsglue import _catalog
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.transforms import ApplyMapping, DropFields, Join, SelectFields
from awsglue.utils import GlueArgumentError, getResolvedOptions
from lakehouse import catalog as local_catalog
from lakehouse import manifest as manifests
from lakehouse import spark_session

root = Path(sys.argv[1])
spark, _ = spark_session.build(root, ["api-test"])
glue = GlueContext(spark.sparkContext)
DATABASE, PATH = "api_db", "s3://api-test/things/"


def check(name, condition):
    print(("ok    " if condition else "FAIL  ") + name)
    if not condition:
        check.failed = True


def raises(error_type, action, *fragments):
    try:
        action()
    except error_type as error:
        return all(fragment in str(error) for fragment in fragments)
    return False


def catalog_columns():
    return [(f.name, f.dataType.simpleString()) for f in spark.table(f"{DATABASE}.things").schema.fields]


def sink(update_behavior="UPDATE_IN_DATABASE"):
    s = glue.getSink(
        path=PATH,
        connection_type="s3",
        updateBehavior=update_behavior,
        partitionKeys=[],
        enableUpdateCatalog=True,
        transformation_ctx="t",
    )
    s.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName="things")
    s.setFormat("glueparquet", compression="snappy")
    return s


check.failed = False
frame = DynamicFrame.fromDF(
    spark.createDataFrame([("a", 1, 2.5), ("b", 2, 3.5)], "name string, n int, v double"), glue, "f"
)

check(
    "unsupported transforms raise NotImplementedError naming the call",
    raises(
        NotImplementedError,
        lambda: Join.apply(frame1=frame, frame2=frame, keys1=["n"], keys2=["n"]),
        "Join.apply()",
        "local Glue runtime",
    ),
)  # noqa: F405
check("unsupported DynamicFrame methods raise", raises(NotImplementedError, frame.count, "DynamicFrame.count()"))
check(
    "unsupported GlueContext methods raise",
    raises(NotImplementedError, lambda: glue.create_dynamic_frame.from_options("s3"), "from_options"),
)
check(
    "non-default parameters outside the subset raise",
    raises(NotImplementedError, lambda: frame.toDF(options=["x"]), "toDF"),
)
check(
    "getResolvedOptions requires the named arguments",
    raises(
        GlueArgumentError, lambda: getResolvedOptions(["s.py", "--JOB_NAME", "j"], ["JOB_NAME", "DATABASE"]), "DATABASE"
    ),
)
args = getResolvedOptions(["s.py", "--JOB_NAME", "j", "--DATABASE", "d", "--extra", "x"], ["JOB_NAME", "DATABASE"])
check(
    "getResolvedOptions returns the arguments and Glue's defaults",
    args["DATABASE"] == "d" and args["job_bookmark_option"] == "job-bookmark-disable",
)
job = Job(glue)
job.init("j", args)
job.commit()
check("Job.init/commit", job.isInitialized())

check(
    "SelectFields keeps the named fields in order",
    SelectFields.apply(frame=frame, paths=["v", "name"], transformation_ctx="s").toDF().columns == ["v", "name"],
)  # noqa: F405
check(
    "DropFields drops the named fields",
    DropFields.apply(frame=frame, paths=["v"], transformation_ctx="d").toDF().columns == ["name", "n"],
)  # noqa: F405
check(
    "an unknown field is an error naming it",
    raises(ValueError, lambda: DropFields.apply(frame=frame, paths=["nope"]), "'nope'", "name, n, v"),
)  # noqa: F405
mapped = ApplyMapping.apply(
    frame=frame, mappings=[("n", "int", "count", "long"), ("name", "string", "label", "string")], transformation_ctx="m"
).toDF()  # noqa: F405
check(
    "ApplyMapping renames, casts with DynamicFrame type names and keeps only mapped fields",
    [(f.name, f.dataType.simpleString()) for f in mapped.schema.fields] == [("count", "bigint"), ("label", "string")],
)
check(
    "ApplyMapping refuses a source type that is not the field's real type (Glue would give an empty column)",
    raises(
        ValueError,
        lambda: ApplyMapping.apply(frame=frame, mappings=[("n", "long", "n", "long")]),
        "'n'",
        "int",
        "empty",
    ),
)  # noqa: F405
check(
    "ApplyMapping of a field the frame does not have is an error",
    raises(
        ValueError,
        lambda: ApplyMapping.apply(frame=frame, mappings=[("gone", "string", "gone", "string")]),
        "'gone'",
        "not documented",
    ),
)  # noqa: F405
check(
    "ApplyMapping rejects Spark's name for long",
    raises(ValueError, lambda: ApplyMapping.apply(frame=frame, mappings=[("n", "int", "n", "bigint")]), "'long'"),
)  # noqa: F405

sink().writeFrame(frame)
check(
    "the sink creates the catalog table with the frame's schema",
    catalog_columns() == [("name", "string"), ("n", "int"), ("v", "double")],
)
sink().writeFrame(frame)
check("the sink appends, as on Glue", spark.table(f"{DATABASE}.things").count() == 4)
glue.purge_s3_path(PATH, {"retentionPeriod": 0})
sink().writeFrame(frame)
check(
    "purge_s3_path then write overwrites",
    glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name="things", transformation_ctx="r")
    .toDF()
    .count()
    == 2,
)

wider = DynamicFrame.fromDF(frame.toDF().selectExpr("*", "'x' AS extra"), glue, "w")
glue.purge_s3_path(PATH, {"retentionPeriod": 0})
sink("LOG").writeFrame(wider)
check(
    "updateBehavior LOG keeps the catalog's schema",
    catalog_columns() == [("name", "string"), ("n", "int"), ("v", "double")],
)
sink("UPDATE_IN_DATABASE").writeFrame(wider)
check(
    "updateBehavior UPDATE_IN_DATABASE updates the catalog's schema",
    catalog_columns() == [("name", "string"), ("n", "int"), ("v", "double"), ("extra", "string")],
)
check(
    "from_catalog of a missing table says what to do",
    raises(
        LookupError,
        lambda: glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name="absent"),
        "absent",
        "pipeline.json",
    ),
)

# from_catalog takes its schema from the data files, as on Glue, not from the catalog's columns.
declared = spark.createDataFrame([("a", 1, None), ("b", 2, None)], "name string, n bigint, empty string")


def catalog_read_of(table, glue_format, rows):
    """Creates `table` with the declared columns, writes `rows` of them through a sink, reads it back."""
    path = f"s3://api-test/{table}/"
    s = glue.getSink(
        path=path,
        connection_type="s3",
        updateBehavior="LOG",
        partitionKeys=[],
        enableUpdateCatalog=True,
        transformation_ctx="t",
    )
    s.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName=table)
    s.setFormat(glue_format)
    s.writeFrame(DynamicFrame.fromDF(declared.limit(rows), glue, table))
    return glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name=table, transformation_ctx="r").toDF()


def columns_of(dataframe):
    return sorted((f.name, f.dataType.simpleString()) for f in dataframe.schema.fields)


check(
    "from_catalog of JSON: int for a bigint column whose values fit, no all-NULL column",
    columns_of(catalog_read_of("as_json", "json", 2)) == [("n", "int"), ("name", "string")],
)
check(
    "from_catalog of parquet: no all-NULL column",
    columns_of(catalog_read_of("as_parquet", "glueparquet", 2)) == [("n", "bigint"), ("name", "string")],
)
check(
    "from_catalog of a table with no rows: no columns at all (parquet)",
    catalog_read_of("empty_parquet", "glueparquet", 0).schema.fields == [],
)
check(
    "from_catalog of a table with no rows: no columns at all (JSON)",
    catalog_read_of("empty_json", "json", 0).schema.fields == [],
)
matched = frame.resolveChoice(choice="match_catalog", database=DATABASE, table_name="things")
check(
    "resolveChoice(match_catalog) leaves a frame without ChoiceTypes as it is",
    matched.toDF().collect() == frame.toDF().collect(),
)
check(
    "resolveChoice with specs is refused locally",
    raises(NotImplementedError, lambda: frame.resolveChoice(specs=[("n", "cast:long")]), "resolveChoice"),
)
check(
    "resolveChoice needs specs or choice, as on Glue",
    raises(Exception, lambda: frame.resolveChoice(), "specs and option are both missing"),
)
check(
    "resolveChoice(match_catalog) of a table not in the catalog fails",
    raises(
        LookupError,
        lambda: frame.resolveChoice(choice="match_catalog", database=DATABASE, table_name="absent"),
        "absent",
    ),
)


# Catalog-updating sinks on a partitioned table, as the Glue docs' restrictions say.
def partitioned_sink(update_behavior, keys):
    s = glue.getSink(
        path="s3://api-test/parts/",
        connection_type="s3",
        updateBehavior=update_behavior,
        partitionKeys=keys,
        enableUpdateCatalog=True,
        transformation_ctx="p",
    )
    s.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName="parts")
    s.setFormat("glueparquet", compression="snappy")
    return s


def partitions():
    return sorted(row[0] for row in spark.sql(f"SHOW PARTITIONS {DATABASE}.parts").collect())


by_day = spark.createDataFrame([("a", "d1")], "name string, day string")
partitioned_sink("UPDATE_IN_DATABASE", ["day"]).writeFrame(DynamicFrame.fromDF(by_day, glue, "p"))
check("a partitioned sink registers its partitions", partitions() == ["day=d1"])
check(
    "a sink whose partitionKeys are not the table's is refused before writing",
    raises(
        ValueError,
        lambda: partitioned_sink("LOG", []).writeFrame(DynamicFrame.fromDF(by_day, glue, "p")),
        "partitioned by ['day']",
        "same order",
    ),
)
wider_day = spark.createDataFrame([("b", "x", "d2")], "name string, extra string, day string")
partitioned_sink("LOG", ["day"]).writeFrame(DynamicFrame.fromDF(wider_day, glue, "p"))
check("LOG adds no partition for data with columns the table does not have (as on Glue)", partitions() == ["day=d1"])
partitioned_sink("LOG", ["day"]).writeFrame(
    DynamicFrame.fromDF(spark.createDataFrame([("c", "d3")], "name string, day string"), glue, "p")
)
check("LOG adds the partitions of data with the table's columns", partitions() == ["day=d1", "day=d3"])

# The local catalog starts as AWS does: every table of the pipeline exists before any job runs.
manifest = manifests.load(Path(__file__).resolve().parents[1] / "generated" / "dev")
local_catalog.register_tables(spark, manifest, "s3://api-test")
described = {
    t.name: [(c.name, c.type) for c in (*t.columns, *t.partition_keys)] for t in manifest.tables if not t.is_landing
}
registered = {
    name: [(f.name, f.dataType.simpleString()) for f in spark.table(f"{manifest.database}.{name}").schema.fields]
    for name in described
}
check("the runner creates every derived table up front with its declared columns", registered == described)
formats = {t.name: _catalog.existing_definition(spark, manifest.database, t.name)[1] for t in manifest.tables}
check("... and its declared format", formats == {t.name: t.format for t in manifest.tables})

spark.stop()
sys.exit(1 if check.failed else 0)
