"""One place that words the error for any awsglue call outside the local subset."""


def unsupported(call: str) -> NotImplementedError:
    return NotImplementedError(
        f"{call} is not supported by the local Glue runtime: it implements only the awsglue calls "
        "that the script templates emit (see docs/script-contract.md). Express the step in the DSL "
        "with a node kind the renderer supports, or add the call to the contract, the templates "
        "and runtime/awsglue together."
    )


def unsupported_methods(owner: str, names):
    """Methods of the real class that exist here only to fail loudly when called."""

    def make(name):
        def method(self, *args, **kwargs):
            raise unsupported(f"{owner}.{name}()")

        method.__name__ = name
        return method

    return {name: make(name) for name in names}


def reject_non_default(call: str, **given) -> None:
    """Real parameters the local runtime accepts only at their default value (pass `None` for default)."""
    for name, value in given.items():
        if value not in (None, "", {}, [], 0, False):
            raise unsupported(f"{call} with {name}={value!r}")
