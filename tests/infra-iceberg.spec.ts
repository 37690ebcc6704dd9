/** The Glue 5.0 Iceberg job parameters, as "Using the Iceberg framework in AWS Glue" names them. */
import { expect } from "chai";
import { icebergSparkConf } from "../infra/iceberg";
import { jobArguments } from "../infra/jobs";
import { buildStack } from "../src/build";
import { JOB_SETTINGS } from "./infra-harness";

const settings = JOB_SETTINGS;
const places = { assetsBucket: "assets", dataBucket: "data-bucket", database: "stedi_dev", region: "us-east-1" };

describe("infra: Iceberg job parameters", () => {
  it("give jobs that touch Iceberg tables --datalake-formats iceberg and the glue_catalog --conf, and no bookmarks", () => {
    const pipeline = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard", tableFormat: "iceberg" },
      databaseName: "stedi_dev",
    });
    for (const job of pipeline.jobs) {
      const args = jobArguments(job, settings, places);
      expect(args["--datalake-formats"], job.name).to.equal("iceberg");
      expect(args["--conf"], job.name).to.equal(icebergSparkConf("s3://data-bucket/iceberg-warehouse/"));
      expect(args["--job-bookmark-option"], job.name).to.equal("job-bookmark-disable");
    }
    expect(icebergSparkConf("s3://w/")).to.equal(
      "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions" +
        " --conf spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog" +
        " --conf spark.sql.catalog.glue_catalog.warehouse=s3://w/" +
        " --conf spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog" +
        " --conf spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
    );
  });

  it("leave parquet stacks' jobs as they were", () => {
    for (const job of buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard" },
      databaseName: "stedi_dev",
    }).jobs) {
      const args = jobArguments(job, settings, places);
      expect(args, job.name).to.not.have.any.keys("--datalake-formats", "--conf");
    }
  });
});
