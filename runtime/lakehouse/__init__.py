"""Local run of the generated Glue scripts: local S3, Spark's metastore as the Data Catalog,
landing data (given or synthetic), the runner and its report."""
