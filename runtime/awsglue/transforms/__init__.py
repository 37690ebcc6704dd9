"""`from awsglue.transforms import *` gives the same names as on Glue. The templates emit only
SelectFromCollection (docs/script-contract.md); SelectFields, DropFields and ApplyMapping work
locally for hand-written Glue Studio scripts (the benchmark baseline), strictly: where Glue would
skip a field or empty a column, they raise."""

# pyright: reportUnsupportedDunderAll=false
# (the names are computed, as the unsupported transforms are made at import: a static __all__ would repeat the list)

from awsglue.transforms import unsupported as _unsupported_module
from awsglue.transforms.apply_mapping import ApplyMapping
from awsglue.transforms.collection_transforms import SelectFromCollection
from awsglue.transforms.field_transforms import DropFields, SelectFields
from awsglue.transforms.transform import GlueTransform
from awsglue.transforms.unsupported import *  # noqa: F401,F403

ALL_TRANSFORMS = [ApplyMapping, DropFields, SelectFields, SelectFromCollection] + [
    getattr(_unsupported_module, name) for name in _unsupported_module.__all__
]

__all__ = [transform.__name__ for transform in ALL_TRANSFORMS] + ["GlueTransform"]
