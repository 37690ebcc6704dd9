"""DynamicFrame as a thin wrapper of a Spark DataFrame.

Glue's DynamicFrame carries per-record schemas and error records; the generated scripts only
move between DynamicFrames and DataFrames (toDF/fromDF) and hand frames to transforms and sinks,
so a DataFrame plus a name is all the local runtime needs.
"""

from pyspark.sql import DataFrame

from awsglue._unsupported import reject_non_default, unsupported, unsupported_methods


class DynamicFrame:
    def __init__(self, jdf, glue_ctx, name=""):
        # Glue passes a Java DynamicFrame here; locally it is a DataFrame (built by fromDF).
        if not isinstance(jdf, DataFrame):
            raise TypeError(
                f"DynamicFrame expects a pyspark DataFrame locally, got {type(jdf).__name__}; use DynamicFrame.fromDF"
            )
        self._df = jdf
        self.glue_ctx = glue_ctx
        self.name = name

    def toDF(self, options=None):
        reject_non_default("DynamicFrame.toDF", options=options)
        return self._df

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):
        return cls(dataframe, glue_ctx, name)

    def resolveChoice(
        self,
        specs=None,
        choice="",
        database=None,
        table_name=None,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
        catalog_id=None,
    ):
        """Glue casts each ChoiceType (a field with several types across records) to a resolution.
        Locally only `choice="match_catalog"` is supported, and it returns the frame as it is: a local
        DynamicFrame is a DataFrame, whose columns have one type each, so it never holds a ChoiceType,
        and match_catalog leaves every other field alone on Glue too."""
        if specs is None and not choice:
            raise Exception("Parameter specs and option are both missing, add one.")
        if specs is not None and choice:
            raise Exception("Parameter specs and option are both specified, choose one.")
        if specs is not None or choice != "match_catalog":
            raise unsupported(
                f"DynamicFrame.resolveChoice({'specs=...' if specs is not None else f'choice={choice!r}'})"
            )
        reject_non_default(
            "DynamicFrame.resolveChoice",
            info=info,
            stageThreshold=stageThreshold,
            totalThreshold=totalThreshold,
            catalog_id=catalog_id,
        )
        if not database or not table_name:
            raise ValueError("resolveChoice(choice='match_catalog') needs database= and table_name=")
        spark = self._df.sparkSession
        if not spark.catalog.tableExists(f"{database}.{table_name}"):
            raise LookupError(
                f"resolveChoice(choice='match_catalog'): table {database}.{table_name} is not in the local Data Catalog"
            )
        return DynamicFrame(self._df, self.glue_ctx, self.name)

    def __repr__(self):
        return f"<DynamicFrame {self.name!r}: {self._df.schema.simpleString()}>"


# Every other method of Glue's DynamicFrame, so a script calling one fails with a clear message.
for _name, _method in unsupported_methods(
    "DynamicFrame",
    [
        "with_frame_schema",
        "schema",
        "show",
        "printSchema",
        "filter",
        "map",
        "mapPartitions",
        "mapPartitionsWithIndex",
        "unbox",
        "drop_fields",
        "select_fields",
        "split_fields",
        "split_rows",
        "rename_field",
        "write",
        "count",
        "spigot",
        "join",
        "unnest",
        "unnest_ddb_json",
        "relationalize",
        "applyMapping",
        "apply_mapping",
        "errorsAsDynamicFrame",
        "errorsCount",
        "stageErrorsCount",
        "assertErrorThreshold",
        "repartition",
        "coalesce",
        "union",
        "drop_nulls",
        "mergeDynamicFrame",
        "getNumPartitions",
        "simplify_ddb_json",
        "gs_to_timestamp",
        "gs_now",
    ],
).items():
    setattr(DynamicFrame, _name, _method)


class DynamicFrameCollection:
    """Named DynamicFrames, as Glue's (a dict, or a list keyed by each frame's name)."""

    def __init__(self, dynamic_frames, glue_ctx):
        self._glue_ctx = glue_ctx
        if isinstance(dynamic_frames, list):
            self._df_dict = {frame.name: frame for frame in dynamic_frames}
        elif isinstance(dynamic_frames, dict):
            self._df_dict = dynamic_frames
        else:
            raise TypeError("dynamic_frames must be list or dict.")

    def __getitem__(self, key):
        return self._df_dict[key]

    def __len__(self):
        return len(self._df_dict)

    def keys(self):
        return self._df_dict.keys()

    def values(self):
        return self._df_dict.values()

    def select(self, key, transformation_ctx=""):
        # Glue returns an empty frame without columns for an unknown key; locally that would hide a
        # renderer bug behind an empty table, so it is an error naming the keys that exist.
        if key not in self._df_dict:
            raise KeyError(
                f"DynamicFrameCollection.select: no frame {key!r}; "
                f"the collection holds {', '.join(map(repr, self._df_dict))}"
            )
        return self._df_dict[key]

    def map(self, callable, transformation_ctx=""):
        raise unsupported("DynamicFrameCollection.map()")

    def flatMap(self, f, transformation_ctx=""):
        raise unsupported("DynamicFrameCollection.flatMap()")


class DynamicFrameReader:
    """`glueContext.create_dynamic_frame`: only from_catalog is part of the contract."""

    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},
        catalog_id=None,
        **kwargs,
    ):
        if database is not None and "name_space" in kwargs:
            raise Exception("Parameter name_space and database are both specified, choose one.")
        database = kwargs.pop("name_space", database)
        if database is None:
            raise Exception("Parameter name_space or database is missing.")
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        reject_non_default(
            "create_dynamic_frame.from_catalog",
            redshift_tmp_dir=redshift_tmp_dir,
            push_down_predicate=push_down_predicate,
            additional_options=additional_options,
            catalog_id=catalog_id,
            **kwargs,
        )
        return DynamicFrame.fromDF(
            self._glue_context._read_catalog_table(database, table_name), self._glue_context, table_name
        )

    def from_options(
        self, connection_type, connection_options={}, format=None, format_options={}, transformation_ctx="", **kwargs
    ):
        raise unsupported("create_dynamic_frame.from_options")

    def from_rdd(self, data, name, schema=None, sampleRatio=None):
        raise unsupported("create_dynamic_frame.from_rdd")


class DynamicFrameWriter:
    """`glueContext.write_dynamic_frame`: not used by the templates (they use getSink)."""

    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(
        self, frame, connection_type, connection_options={}, format=None, format_options={}, transformation_ctx=""
    ):
        raise unsupported("write_dynamic_frame.from_options")

    def from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="", **kwargs):
        raise unsupported("write_dynamic_frame.from_catalog")

    def from_jdbc_conf(
        self, frame, catalog_connection, connection_options={}, redshift_tmp_dir="", transformation_ctx=""
    ):
        raise unsupported("write_dynamic_frame.from_jdbc_conf")
