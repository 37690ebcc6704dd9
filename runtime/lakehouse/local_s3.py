"""Local S3: s3://<bucket>/<key> is <lakehouse root>/s3/<bucket>/<key>.

Hadoop's ViewFileSystemOverloadScheme takes over the s3 scheme and, with an empty mount table
whose fallback is a local directory, sends every path of a bucket there. It needs no extra jar
and works for everything that goes through Hadoop: Spark reads and writes, catalog locations
and the runtime's purge.
"""

from pathlib import Path


class LocalS3:
    def __init__(self, root: Path):
        self.root = root.resolve() / "s3"

    def bucket_dir(self, bucket: str) -> Path:
        return self.root / bucket

    def local_path(self, s3_uri: str) -> Path:
        if not s3_uri.startswith("s3://"):
            raise ValueError(f"not an s3:// URI: {s3_uri}")
        return self.root / s3_uri[len("s3://") :]

    def spark_conf(self, buckets):
        conf = {
            "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.viewfs.ViewFileSystemOverloadScheme",
            "spark.hadoop.fs.viewfs.overload.scheme.target.s3.impl": "org.apache.hadoop.fs.LocalFileSystem",
        }
        for bucket in buckets:
            directory = self.bucket_dir(bucket)
            directory.mkdir(parents=True, exist_ok=True)
            conf[f"spark.hadoop.fs.viewfs.mounttable.{bucket}.linkFallback"] = directory.as_uri()
        return conf
