"""SelectFromCollection: picks one frame of a DynamicFrameCollection (the data-quality outcomes)."""
from awsglue.transforms.transform import GlueTransform


class SelectFromCollection(GlueTransform):
    def __call__(self, dfc, key, transformation_ctx=""):
        return dfc.select(key, transformation_ctx)
