"""SelectFields and DropFields; the other field transforms of Glue fail loudly."""

from awsglue.dynamicframe import DynamicFrame
from awsglue.transforms._columns import resolve
from awsglue.transforms.transform import GlueTransform


def _as_list(paths):
    return [paths] if isinstance(paths, str) else list(paths)


class DropFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        dataframe = frame.toDF()
        doomed = [resolve(dataframe, path, "DropFields") for path in _as_list(paths)]
        return DynamicFrame.fromDF(dataframe.drop(*doomed), frame.glue_ctx, frame.name)


class SelectFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        dataframe = frame.toDF()
        kept = [resolve(dataframe, path, "SelectFields") for path in _as_list(paths)]
        return DynamicFrame.fromDF(dataframe.select(*kept), frame.glue_ctx, frame.name)
