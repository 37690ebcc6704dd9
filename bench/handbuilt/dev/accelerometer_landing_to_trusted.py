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


# Script generated for node accelerometer_landing
AccelerometerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="accelerometer_landing", transformation_ctx="AccelerometerLanding_node1"
)

# Script generated for node customer_trusted
CustomerTrusted_node2 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_trusted", transformation_ctx="CustomerTrusted_node2"
)

# Script generated for node Join
Join_node3 = DynamicFrame.fromDF(
    AccelerometerLanding_node1.toDF().join(
        CustomerTrusted_node2.toDF(),
        AccelerometerLanding_node1.toDF()["user"] == CustomerTrusted_node2.toDF()["email"],
        "inner",
    ),
    glueContext,
    "Join_node3",
)

# Script generated for node Drop Fields
DropFields_node4 = DropFields.apply(
    frame=Join_node3,
    paths=[
        "serialnumber",
        "sharewithpublicasofdate",
        "birthday",
        "registrationdate",
        "sharewithresearchasofdate",
        "customername",
        "email",
        "lastupdatedate",
        "phone",
        "sharewithfriendsasofdate",
    ],
    transformation_ctx="DropFields_node4",
)

# Script generated for node accelerometer_trusted
glueContext.purge_s3_path(args["LAKE_ROOT"] + "/accelerometer/trusted/", {"retentionPeriod": 0})
AccelerometerTrusted_node5 = glueContext.getSink(
    path=args["LAKE_ROOT"] + "/accelerometer/trusted/",
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="AccelerometerTrusted_node5",
)
AccelerometerTrusted_node5.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="accelerometer_trusted")
AccelerometerTrusted_node5.setFormat("glueparquet", compression="snappy")
AccelerometerTrusted_node5.writeFrame(DropFields_node4)
job.commit()
