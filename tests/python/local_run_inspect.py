"""Test helper (served by spark_service.py): reads parquet table directories and returns their real columns and
the distinct values of selected columns. Input: {"tables": {name: dir}, "columns": [...]}."""


def serve(spark, request):
    result = {}
    for name, directory in request["tables"].items():
        frame = spark.read.parquet(directory)
        present = [column for column in request["columns"] if column in frame.columns]
        result[name] = {
            "columns": [[field.name, field.dataType.simpleString()] for field in frame.schema.fields],
            "values": {
                column: sorted(row[0] for row in frame.select(column).distinct().collect() if row[0] is not None)
                for column in present
            },
        }
    return result
