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


# Script generated for node step_trainer_landing
StepTrainerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="step_trainer_landing", transformation_ctx="StepTrainerLanding_node1"
)

# Script generated for node customer_curated
CustomerCurated_node2 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_curated", transformation_ctx="CustomerCurated_node2"
)

# Script generated for node Join
Join_node3 = DynamicFrame.fromDF(
    StepTrainerLanding_node1.toDF().join(CustomerCurated_node2.toDF(), on="serialnumber", how="inner"),
    glueContext,
    "Join_node3",
)

# Script generated for node Drop Fields
DropFields_node4 = DropFields.apply(
    frame=Join_node3,
    paths=[
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

# Script generated for node step_trainer_trusted
glueContext.purge_s3_path(args["LAKE_ROOT"] + "/step_trainer/trusted/", {"retentionPeriod": 0})
StepTrainerTrusted_node5 = glueContext.getSink(
    path=args["LAKE_ROOT"] + "/step_trainer/trusted/",
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="StepTrainerTrusted_node5",
)
StepTrainerTrusted_node5.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="step_trainer_trusted")
StepTrainerTrusted_node5.setFormat("glueparquet", compression="snappy")
StepTrainerTrusted_node5.writeFrame(DropFields_node4)
job.commit()
