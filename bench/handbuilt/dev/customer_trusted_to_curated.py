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


# Script generated for node customer_trusted
CustomerTrusted_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_trusted", transformation_ctx="CustomerTrusted_node1"
)

# Script generated for node accelerometer_trusted
AccelerometerTrusted_node2 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="accelerometer_trusted", transformation_ctx="AccelerometerTrusted_node2"
)

# Script generated for node Join
Join_node3 = DynamicFrame.fromDF(
    CustomerTrusted_node1.toDF().join(
        AccelerometerTrusted_node2.toDF(),
        CustomerTrusted_node1.toDF()["email"] == AccelerometerTrusted_node2.toDF()["user"],
        "inner",
    ),
    glueContext,
    "Join_node3",
)

# Script generated for node Drop Fields
DropFields_node4 = DropFields.apply(
    frame=Join_node3, paths=["user", "timestamp", "x", "y", "z"], transformation_ctx="DropFields_node4"
)

# Script generated for node Drop Duplicates
DropDuplicates_node5 = DynamicFrame.fromDF(
    DropFields_node4.toDF().dropDuplicates(), glueContext, "DropDuplicates_node5"
)

# Script generated for node customer_curated
glueContext.purge_s3_path(args["LAKE_ROOT"] + "/customer/curated/", {"retentionPeriod": 0})
CustomerCurated_node6 = glueContext.getSink(
    path=args["LAKE_ROOT"] + "/customer/curated/",
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="CustomerCurated_node6",
)
CustomerCurated_node6.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="customer_curated")
CustomerCurated_node6.setFormat("glueparquet", compression="snappy")
CustomerCurated_node6.writeFrame(DropDuplicates_node5)
job.commit()
