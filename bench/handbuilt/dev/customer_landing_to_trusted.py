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


# Script generated for node customer_landing
CustomerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_landing", transformation_ctx="CustomerLanding_node1"
)

# Script generated for node Share With Research
SqlQuery0 = """
select * from customer_landing where sharewithresearchasofdate is not null
"""
ShareWithResearch_node2 = sparkSqlQuery(
    glueContext,
    query=SqlQuery0,
    mapping={"customer_landing": CustomerLanding_node1},
    transformation_ctx="ShareWithResearch_node2",
)

# Script generated for node customer_trusted
glueContext.purge_s3_path(args["LAKE_ROOT"] + "/customer/trusted/", {"retentionPeriod": 0})
CustomerTrusted_node3 = glueContext.getSink(
    path=args["LAKE_ROOT"] + "/customer/trusted/",
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="CustomerTrusted_node3",
)
CustomerTrusted_node3.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="customer_trusted")
CustomerTrusted_node3.setFormat("glueparquet", compression="snappy")
CustomerTrusted_node3.writeFrame(ShareWithResearch_node2)
job.commit()
