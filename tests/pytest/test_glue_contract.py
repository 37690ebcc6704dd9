"""The local awsglue runtime, one test per call of docs/script-contract.md, on real Spark."""

import pytest
from awsglue import local_writes
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.transforms import ApplyMapping, DropFields, Join, SelectFields
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
    with pytest.raises(LookupError, match="absent"):
        glue.create_dynamic_frame.from_catalog(database=DATABASE, table_name="absent")


def test_from_df_and_to_df_round_trip(spark, glue, frame):
    again = DynamicFrame.fromDF(frame.toDF(), glue, "again")
    assert again.toDF().collect() == frame.toDF().collect()
    with pytest.raises(NotImplementedError, match="toDF"):
        frame.toDF(options=["x"])
    with pytest.raises(NotImplementedError, match=r"DynamicFrame.count\(\)"):
        frame.count()


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
    assert columns(spark.table(f"{DATABASE}.{table}"))[-1] == ("extra", "string")


def test_set_format_writes_json_or_parquet_and_refuses_others(spark, glue, frame, place):
    table, path = place
    make_sink(glue, path, table, glue_format="json").writeFrame(frame)
    assert spark.read.json(path).count() == 2
    with pytest.raises(NotImplementedError, match='setFormat\\("csv"\\)'):
        make_sink(glue, path, table).setFormat("csv")


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
