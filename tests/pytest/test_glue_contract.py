"""The local awsglue runtime, one test per call of docs/script-contract.md, on real Spark."""

import pytest
from awsglue import _catalog, local_writes
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection
from awsglue.job import Job
from awsglue.transforms import ApplyMapping, DropFields, Join, SelectFields, SelectFromCollection
from awsglue.utils import GlueArgumentError, getResolvedOptions

DATABASE = "pytest_db"


def columns(dataframe):
    return [(f.name, f.dataType.simpleString()) for f in dataframe.schema.fields]


def make_sink(glue, path, table, update_behavior="UPDATE_IN_DATABASE", glue_format="glueparquet"):
    sink = glue.getSink(
        path=path,
        connection_type="s3",
        updateBehavior=update_behavior,
        partitionKeys=[],
        enableUpdateCatalog=True,
        transformation_ctx="t",
    )
    sink.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName=table)
    if glue_format == "glueparquet":
        sink.setFormat("glueparquet", compression="snappy")
    else:
        sink.setFormat(glue_format)
    return sink


def test_get_resolved_options_returns_the_named_arguments_and_glue_defaults():
    args = getResolvedOptions(["s.py", "--JOB_NAME", "j", "--DATABASE", "d", "--extra", "x"], ["JOB_NAME", "DATABASE"])
    assert args["DATABASE"] == "d" and args["JOB_NAME"] == "j"
    assert args["job_bookmark_option"] == "job-bookmark-disable"
    with pytest.raises(GlueArgumentError, match="DATABASE"):
        getResolvedOptions(["s.py", "--JOB_NAME", "j"], ["JOB_NAME", "DATABASE"])


def test_glue_context_wraps_the_runner_session(spark, glue):
    assert glue.spark_session is spark
    with pytest.raises(NotImplementedError, match="from_options"):
        glue.create_dynamic_frame.from_options("s3")


def test_job_init_and_commit(glue):
    job = Job(glue)
    with pytest.raises(RuntimeError, match="before Job.init"):
        job.commit()
    job.init("j", getResolvedOptions(["s.py", "--JOB_NAME", "j"], ["JOB_NAME"]))
    job.commit()
    assert job.isInitialized()
    with pytest.raises(NotImplementedError, match="job-bookmark-enable"):
        Job(glue).init("j", {"job_bookmark_option": "job-bookmark-enable"})


def test_from_catalog_reads_a_table_and_names_a_missing_one(glue, frame, place):
    table, path = place
    make_sink(glue, path, table).writeFrame(frame)
    read = glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name=table, transformation_ctx="r")
    assert sorted(row["name"] for row in read.toDF().collect()) == ["a", "b"]
    with pytest.raises(LookupError, match="absent.*pipeline.json"):
        glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name="absent")


# As on Glue, from_catalog takes the schema from the data files, not from the catalog's columns (the scripts'
# withDeclaredColumns helper restores the declared ones).
@pytest.mark.parametrize(
    ("glue_format", "rows", "expected"),
    [
        ("json", 2, [("n", "int"), ("name", "string")]),  # int for a bigint whose values fit; no all-NULL column
        ("glueparquet", 2, [("n", "bigint"), ("name", "string")]),  # no all-NULL column
        ("glueparquet", 0, []),  # a table without rows has no columns at all
        ("json", 0, []),
    ],
)
def test_from_catalog_takes_the_schema_from_the_data_files(spark, glue, place, glue_format, rows, expected):
    table, path = place
    declared = spark.createDataFrame([("a", 1, None), ("b", 2, None)], "name string, n bigint, empty string")
    make_sink(glue, path, table, "LOG", glue_format).writeFrame(DynamicFrame.fromDF(declared.limit(rows), glue, table))
    read = glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name=table, transformation_ctx="r")
    assert sorted(columns(read.toDF())) == expected


def test_resolve_choice_match_catalog_only(glue, frame, place):
    table, path = place
    make_sink(glue, path, table).writeFrame(frame)
    matched = frame.resolveChoice(choice="match_catalog", database=DATABASE, table_name=table)
    assert matched.toDF().collect() == frame.toDF().collect()  # no ChoiceTypes locally: the frame as it is
    with pytest.raises(NotImplementedError, match="resolveChoice"):
        frame.resolveChoice(specs=[("n", "cast:long")])
    with pytest.raises(Exception, match="specs and option are both missing"):
        frame.resolveChoice()
    with pytest.raises(LookupError, match="absent"):
        frame.resolveChoice(choice="match_catalog", database=DATABASE, table_name="absent")


def test_from_df_and_to_df_round_trip(spark, glue, frame):
    again = DynamicFrame.fromDF(frame.toDF(), glue, "again")
    assert again.toDF().collect() == frame.toDF().collect()
    with pytest.raises(NotImplementedError, match="toDF"):
        frame.toDF(options=["x"])
    with pytest.raises(NotImplementedError, match=r"DynamicFrame.count\(\)"):
        frame.count()


def test_dynamic_frame_collection_and_select_from_collection(glue, frame):
    other = DynamicFrame.fromDF(frame.toDF().limit(1), glue, "other")
    collection = DynamicFrameCollection({"all": frame, "first": other}, glue)
    assert sorted(collection.keys()) == ["all", "first"]
    assert collection.select("first").toDF().count() == 1
    picked = SelectFromCollection.apply(dfc=collection, key="all", transformation_ctx="pick")
    assert picked.toDF().count() == 2
    with pytest.raises(KeyError, match="'missing'.*'all', 'first'"):  # Glue would return an empty frame
        SelectFromCollection.apply(dfc=collection, key="missing", transformation_ctx="pick")


def test_select_fields_keeps_the_named_fields_in_order(frame):
    assert SelectFields.apply(frame=frame, paths=["v", "name"], transformation_ctx="s").toDF().columns == ["v", "name"]


def test_drop_fields_drops_the_named_fields_and_names_an_unknown_one(frame):
    assert DropFields.apply(frame=frame, paths=["v"], transformation_ctx="d").toDF().columns == ["name", "n"]
    with pytest.raises(ValueError, match="'nope'.*name, n, v"):
        DropFields.apply(frame=frame, paths=["nope"])


def test_apply_mapping_renames_casts_and_keeps_only_mapped_fields(frame):
    mapped = ApplyMapping.apply(
        frame=frame,
        mappings=[("n", "int", "count", "long"), ("name", "string", "label", "string")],
        transformation_ctx="m",
    ).toDF()
    assert columns(mapped) == [("count", "bigint"), ("label", "string")]
    with pytest.raises(ValueError, match="'long'"):
        ApplyMapping.apply(frame=frame, mappings=[("n", "int", "n", "bigint")])


def test_apply_mapping_refuses_what_glue_would_silently_empty_or_leave_undocumented(frame):
    # A source type that is not the field's real type: Glue gives an all-NULL column.
    with pytest.raises(ValueError, match="'n'.*int.*empty"):
        ApplyMapping.apply(frame=frame, mappings=[("n", "long", "n", "long")])
    with pytest.raises(ValueError, match="'gone'.*not documented"):
        ApplyMapping.apply(frame=frame, mappings=[("gone", "string", "gone", "string")])


def test_purge_s3_path_empties_the_location(spark, glue, frame, place):
    table, path = place
    make_sink(glue, path, table).writeFrame(frame)
    glue.purge_s3_path(path, {"retentionPeriod": 0})
    make_sink(glue, path, table).writeFrame(frame)
    assert spark.read.parquet(path).count() == 2
    with pytest.raises(NotImplementedError, match="purge_s3_path"):
        glue.purge_s3_path(path, {"excludeStorageClasses": ["GLACIER"]})


def test_get_sink_takes_s3_only_and_needs_a_path(glue):
    with pytest.raises(NotImplementedError, match='connection_type="jdbc"'):
        glue.getSink(connection_type="jdbc", path="x")
    with pytest.raises(ValueError, match="needs path="):
        glue.getSink(connection_type="s3")


def test_set_catalog_info_creates_the_table_and_update_behavior_decides_changes(spark, glue, frame, place):
    table, path = place
    make_sink(glue, path, table).writeFrame(frame)
    assert columns(spark.table(f"{DATABASE}.{table}")) == [("name", "string"), ("n", "int"), ("v", "double")]
    wider = DynamicFrame.fromDF(frame.toDF().selectExpr("*", "'x' AS extra"), glue, "w")
    glue.purge_s3_path(path, {"retentionPeriod": 0})
    make_sink(glue, path, table, "LOG").writeFrame(wider)
    assert columns(spark.table(f"{DATABASE}.{table}")) == [("name", "string"), ("n", "int"), ("v", "double")]
    make_sink(glue, path, table, "UPDATE_IN_DATABASE").writeFrame(wider)
    assert columns(spark.table(f"{DATABASE}.{table}")) == [
        ("name", "string"),
        ("n", "int"),
        ("v", "double"),
        ("extra", "string"),
    ]


def test_set_format_writes_json_or_parquet_and_refuses_others(spark, glue, frame, place):
    table, path = place
    make_sink(glue, path, table, glue_format="json").writeFrame(frame)
    assert spark.read.json(path).count() == 2
    with pytest.raises(NotImplementedError, match='setFormat\\("csv"\\)'):
        make_sink(glue, path, table).setFormat("csv")


def test_partitioned_sink_registers_partitions_as_glue_does(spark, glue, place):
    table, path = place

    def sink(update_behavior, keys):
        s = glue.getSink(
            path=path,
            connection_type="s3",
            updateBehavior=update_behavior,
            partitionKeys=keys,
            enableUpdateCatalog=True,
            transformation_ctx="p",
        )
        s.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName=table)
        s.setFormat("glueparquet", compression="snappy")
        return s

    def write(update_behavior, keys, rows, schema):
        sink(update_behavior, keys).writeFrame(DynamicFrame.fromDF(spark.createDataFrame(rows, schema), glue, "p"))

    def partitions():
        return sorted(row[0] for row in spark.sql(f"SHOW PARTITIONS {DATABASE}.{table}").collect())

    write("UPDATE_IN_DATABASE", ["day"], [("a", "d1")], "name string, day string")
    assert partitions() == ["day=d1"]
    with pytest.raises(ValueError, match=r"partitioned by \['day'\].*same order"):
        write("LOG", [], [("a", "d1")], "name string, day string")
    # LOG adds no partition for data with a column the table does not have, as on Glue ...
    write("LOG", ["day"], [("b", "x", "d2")], "name string, extra string, day string")
    assert partitions() == ["day=d1"]
    # ... and adds the partitions of data with the table's columns.
    write("LOG", ["day"], [("c", "d3")], "name string, day string")
    assert partitions() == ["day=d1", "day=d3"]


def test_a_sink_without_enable_update_catalog_writes_and_leaves_the_catalog_as_it_is(spark, glue, place):
    """Glue: "If enableUpdateCatalog is not set to true, regardless of whichever option selected for
    updateBehavior, the ETL job will not update the table in the Data Catalog" (issue 18.6)."""
    table, path = place
    _catalog.update_table(
        spark,
        DATABASE,
        table,
        spark.createDataFrame([], "name string, day string").schema,
        "parquet",
        path,
        ["day"],
        "UPDATE_IN_DATABASE",
    )
    before = spark.sql(f"DESCRIBE TABLE EXTENDED {DATABASE}.{table}").collect()

    def write(enable_update_catalog, name, day):
        s = glue.getSink(
            path=path,
            connection_type="s3",
            updateBehavior="UPDATE_IN_DATABASE",
            partitionKeys=["day"],
            enableUpdateCatalog=enable_update_catalog,
            transformation_ctx="u",
        )
        s.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName=table)  # accepted, and unused, as on Glue
        s.setFormat("glueparquet", compression="snappy")
        rows = spark.createDataFrame([(name, "x", day)], "name string, extra string, day string")
        s.writeFrame(DynamicFrame.fromDF(rows, glue, "u"))

    def partitions():
        return sorted(row[0] for row in spark.sql(f"SHOW PARTITIONS {DATABASE}.{table}").collect())

    def read():
        frame = glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name=table).toDF()
        return sorted((row["name"], row["day"]) for row in frame.collect()) if frame.columns else []

    # A new column and a new partition, with UPDATE_IN_DATABASE: neither reaches the catalog ...
    write(False, "a", "d1")
    assert spark.read.parquet(f"{path}day=d1").count() == 1  # the data is written all the same
    assert partitions() == []
    assert spark.sql(f"DESCRIBE TABLE EXTENDED {DATABASE}.{table}").collect() == before
    # ... so from_catalog, which reads the partitions the catalog lists, does not see it.
    assert read() == []
    # The same sink with enableUpdateCatalog=True updates the table and adds the partition it wrote, as before;
    # the re-created local table keeps the catalog's partitions, not every folder (d1 stays unlisted, as on Glue).
    write(True, "b", "d2")
    assert partitions() == ["day=d2"]
    assert ("extra", "string") in columns(spark.table(f"{DATABASE}.{table}"))
    assert read() == [("b", "d2")]
    # A table the catalog does not have is not created either.
    other, other_path = f"{table}_absent", f"{path.rstrip('/')}_absent/"
    s = glue.getSink(path=other_path, connection_type="s3", partitionKeys=[], enableUpdateCatalog=False)
    s.setCatalogInfo(catalogDatabase=DATABASE, catalogTableName=other)
    s.setFormat("json")
    s.writeFrame(DynamicFrame.fromDF(spark.createDataFrame([("c",)], "name string"), glue, "c"))
    assert spark.read.json(other_path).count() == 1
    assert not spark.catalog.tableExists(f"{DATABASE}.{other}")


def test_write_frame_appends_and_counts_what_it_wrote(spark, glue, frame, place):
    table, path = place
    local_writes.drain()
    glue.purge_s3_path(path, {"retentionPeriod": 0})
    make_sink(glue, path, table).writeFrame(frame)
    assert local_writes.drain() == {path.rstrip("/"): 2}  # purged, then written: exactly 2 rows there
    make_sink(glue, path, table).writeFrame(frame)
    assert local_writes.drain() == {path.rstrip("/"): None}  # appended to what was there: unknown
    assert spark.read.parquet(path).count() == 4  # Glue's S3 sink appends


def test_transforms_outside_the_subset_fail_naming_the_call(frame):
    with pytest.raises(NotImplementedError, match=r"Join.apply\(\).*local Glue runtime"):
        Join.apply(frame1=frame, frame2=frame, keys1=["n"], keys2=["n"])
