"""File operations through Hadoop's FileSystem API, so s3:// paths go wherever Spark maps them
(locally: the lakehouse root, see lakehouse/local_s3.py)."""

import time


def _filesystem(spark, path):
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    return hadoop_path.getFileSystem(conf), hadoop_path


def exists(spark, path):
    fs, hadoop_path = _filesystem(spark, path)
    return fs.exists(hadoop_path)


def purge(spark, path, retention_hours):
    """Deletes every file under `path` last modified more than `retention_hours` ago; returns the count."""
    fs, root = _filesystem(spark, path)
    if not fs.exists(root):
        return 0
    cutoff_ms = (time.time() - retention_hours * 3600) * 1000
    files = fs.listFiles(root, True)
    doomed = []
    while files.hasNext():
        status = files.next()
        if status.getModificationTime() <= cutoff_ms:
            doomed.append(status.getPath())
    for file_path in doomed:
        fs.delete(file_path, False)
    return len(doomed)
