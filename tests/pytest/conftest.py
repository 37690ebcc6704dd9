"""One Spark session for the whole pytest run, set up as the local runner sets it up (local S3 and
catalog), because each test only makes a few small Spark calls and start-up is most of the cost."""

import uuid

import pytest

BUCKET = "pytest-lake"


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    from lakehouse import spark_session

    session, _ = spark_session.build(tmp_path_factory.mktemp("lakehouse"), [BUCKET])
    yield session
    session.stop()


@pytest.fixture(scope="session")
def lake_root():
    """The s3:// root of the local lake the session's Spark serves."""
    return f"s3://{BUCKET}"


@pytest.fixture(scope="session")
def glue(spark):
    from awsglue.context import GlueContext

    return GlueContext(spark.sparkContext)


@pytest.fixture
def frame(spark, glue):
    from awsglue.dynamicframe import DynamicFrame

    return DynamicFrame.fromDF(
        spark.createDataFrame([("a", 1, 2.5), ("b", 2, 3.5)], "name string, n int, v double"), glue, "f"
    )


@pytest.fixture
def place():
    """A table name and an s3:// location no other test uses."""
    name = f"t_{uuid.uuid4().hex[:8]}"
    return name, f"s3://{BUCKET}/{name}/"
