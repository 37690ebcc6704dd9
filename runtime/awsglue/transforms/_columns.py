"""Resolving the field paths that transforms name against a DataFrame's top-level columns."""

from awsglue._unsupported import unsupported


def resolve(dataframe, path, transform, case_sensitive=False):
    """The DataFrame column that `path` names. What Glue does with an unknown path is not documented
    (and a field that is NULL in every record can be unknown in a DynamicFrame whose schema Glue
    computed from the records); locally it is an error naming the columns that exist."""
    if "." in path or "`" in path:
        raise unsupported(f"{transform} with the nested field path {path!r}")
    columns = dataframe.columns
    if path in columns:
        return path
    if not case_sensitive:
        matches = [column for column in columns if column.lower() == path.lower()]
        if len(matches) == 1:
            return matches[0]
    raise ValueError(
        f"{transform}: the frame has no field {path!r} (what Glue does then is not documented); "
        f"its fields are {', '.join(columns) or '(none)'}"
    )
