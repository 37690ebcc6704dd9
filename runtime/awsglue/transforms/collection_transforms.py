"""SelectFromCollection: one frame of a DynamicFrameCollection (Glue Studio's Conditional Router outputs)."""

from awsglue.transforms.transform import GlueTransform


class SelectFromCollection(GlueTransform):
    def __call__(self, dfc, key, transformation_ctx=""):
        return dfc.select(key, transformation_ctx)
