# Hand-built the way Glue Studio jobs usually are (benchmark baseline (b), not product code):
# inner joins, then DropFields, then drop duplicates where the join multiplied rows.
import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.dynamicframe import DynamicFrame


def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)


args = getResolvedOptions(sys.argv, ["JOB_NAME", "DATABASE", "LAKE_ROOT"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)


# Script generated for node step_trainer_trusted
StepTrainerTrusted_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="step_trainer_trusted", transformation_ctx="StepTrainerTrusted_node1"
)

# Script generated for node accelerometer_trusted
AccelerometerTrusted_node2 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="accelerometer_trusted", transformation_ctx="AccelerometerTrusted_node2"
)

# Script generated for node Join
Join_node3 = DynamicFrame.fromDF(
    StepTrainerTrusted_node1.toDF().join(
        AccelerometerTrusted_node2.toDF(),
        StepTrainerTrusted_node1.toDF()["sensorreadingtime"] == AccelerometerTrusted_node2.toDF()["timestamp"],
        "inner",
    ),
    glueContext,
    "Join_node3",
)

# Script generated for node machine_learning_curated
glueContext.purge_s3_path(args["LAKE_ROOT"] + "/step_trainer/curated/", {"retentionPeriod": 0})
MachineLearningCurated_node4 = glueContext.getSink(
    path=args["LAKE_ROOT"] + "/step_trainer/curated/",
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="MachineLearningCurated_node4",
)
MachineLearningCurated_node4.setCatalogInfo(
    catalogDatabase=args["DATABASE"], catalogTableName="machine_learning_curated"
)
MachineLearningCurated_node4.setFormat("glueparquet", compression="snappy")
MachineLearningCurated_node4.writeFrame(Join_node3)
job.commit()
