"""ApplyMapping: rename and cast, keeping only the mapped fields (as Glue does)."""

import re

from pyspark.sql import functions as F
from pyspark.sql import types as T

from awsglue.dynamicframe import DynamicFrame
from awsglue.transforms._columns import resolve
from awsglue.transforms.transform import GlueTransform

# DynamicFrame type names (Glue's gluetypes); they differ from Spark SQL names for long and integer.
_SIMPLE_TYPES = {
    "string": T.StringType(),
    "long": T.LongType(),
    "int": T.IntegerType(),
    "integer": T.IntegerType(),
    "short": T.ShortType(),
    "byte": T.ByteType(),
    "double": T.DoubleType(),
    "float": T.FloatType(),
    "boolean": T.BooleanType(),
    "date": T.DateType(),
    "timestamp": T.TimestampType(),
    "binary": T.BinaryType(),
    "decimal": T.DecimalType(10, 2),  # gluetypes.DecimalType's default precision and scale
}
_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")


def dynamic_frame_type(name):
    key = name.strip().lower()
    if key in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[key]
    decimal = _DECIMAL.fullmatch(key)
    if decimal:
        return T.DecimalType(int(decimal.group(1)), int(decimal.group(2)))
    hint = " (the DynamicFrame name of bigint is 'long')" if key == "bigint" else ""
    raise ValueError(
        f"ApplyMapping: unknown type name {name!r}{hint}; known: {', '.join(sorted(_SIMPLE_TYPES))}, decimal(p,s)"
    )


class ApplyMapping(GlueTransform):
    def __call__(
        self, frame, mappings, case_sensitive=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        dataframe = frame.toDF()
        if isinstance(mappings, tuple):
            mappings = [mappings]
        projected = []
        for mapping in mappings:
            if len(mapping) != 4:
                raise ValueError(
                    f"ApplyMapping: a mapping is (source, sourceType, target, targetType), got {mapping!r}"
                )
            source, source_type, target, target_type = mapping
            column = resolve(dataframe, source, "ApplyMapping", case_sensitive)
            real_type = dataframe.schema[column].dataType
            if dynamic_frame_type(source_type) != real_type:
                # Glue does not cast then: the target field comes out empty, silently
                # (awsdocs/aws-glue-developer-guide#3). Locally that is an error, not a column of NULLs.
                raise ValueError(
                    f"ApplyMapping: the mapping {mapping!r} says {source!r} is {source_type!r}, but the frame's "
                    f"field is {real_type.simpleString()}. On Glue the field {target!r} would silently come out "
                    "empty (all NULL) instead of being cast; give the field's real type as the source type."
                )
            projected.append(F.col(f"`{column}`").cast(dynamic_frame_type(target_type)).alias(target))
        return DynamicFrame.fromDF(dataframe.select(*projected), frame.glue_ctx, frame.name)
