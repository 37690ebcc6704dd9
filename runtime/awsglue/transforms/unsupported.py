"""Glue transforms outside the local subset: importable (scripts do `import *`), never callable."""

# pyright: reportUnsupportedDunderAll=false
# (Glue's unsupported transform classes are made at import, one per name: a static __all__ would repeat the list)

from awsglue._unsupported import unsupported
from awsglue.transforms.transform import GlueTransform


def _unsupported_transform(name):
    def __call__(self, *args, **kwargs):
        raise unsupported(f"{name}.apply()")

    return type(name, (GlueTransform,), {"__call__": __call__, "__doc__": f"Not supported locally: {name}."})


_NAMES = [
    "Unbox",
    "UnnestFrame",
    "Relationalize",
    "RenameField",
    "SplitFields",
    "SplitRows",
    "Join",
    "Spigot",
    "MapToCollection",
    "FlatMap",
    "DropNullFields",
    "ResolveChoice",
    "ErrorsAsDynamicFrame",
    "Filter",
    "Map",
    "Coalesce",
    "Repartition",
    "Union",
]
globals().update({name: _unsupported_transform(name) for name in _NAMES})
__all__ = list(_NAMES)
