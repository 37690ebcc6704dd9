class GlueTransform:
    """Base class of the transforms: `Transform.apply(...)` constructs it and calls it."""

    @classmethod
    def apply(cls, *args, **kwargs):
        transform = cls()
        return transform(*args, **kwargs)

    @classmethod
    def name(cls):
        return cls.__name__

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(f"{self.name()} defines no __call__: a transform subclass must")

    def __repr__(self):
        return f"<Transform: {self.name()}>"
