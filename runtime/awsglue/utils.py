"""Job arguments, parsed the way Glue's getResolvedOptions does."""

import argparse
from importlib.metadata import version

from awsglue.job import Job

_global_args = {}


class GlueArgumentError(Exception):
    pass


class GlueArgumentParser(argparse.ArgumentParser):
    # Glue raises instead of exiting, so a missing argument surfaces as an error of the job.
    def error(self, message):
        raise GlueArgumentError(message)


def _reserved_guard(options, flag):
    if flag.lstrip("-") in options:
        raise RuntimeError("Using reserved arguments " + flag)


def _resolve(args, options, allow_abbrev):
    """Returns the named `--OPTION value` pairs of `args` (usually sys.argv) as a dict.

    Like Glue: every name in `options` is required; JOB_NAME/JOB_ID/JOB_RUN_ID, the bookmark and
    TempDir arguments are known but optional; unknown extra arguments are ignored.
    """
    parser = GlueArgumentParser(allow_abbrev=allow_abbrev)
    bookmark_flag, *bookmark_choices = Job.job_bookmark_options()
    continuation_flag, *continuation_choices = Job.continuation_options()
    _reserved_guard(options, bookmark_flag)
    _reserved_guard(options, continuation_flag)
    parser.add_argument(bookmark_flag, choices=bookmark_choices, required=False)
    parser.add_argument(continuation_flag, choices=continuation_choices, required=False)
    for flag in Job.job_bookmark_range_options():
        _reserved_guard(options, flag)
        parser.add_argument(flag, required=False)
    for flag in Job.id_params()[1:]:
        _reserved_guard(options, flag)
        parser.add_argument(flag, required=False)
    encryption_flag, *encryption_choices = Job.encryption_type_options()
    _reserved_guard(options, encryption_flag)
    parser.add_argument(encryption_flag, choices=encryption_choices)
    temp_dirs = {"RedshiftTempDir", "TempDir"}
    for name in sorted(temp_dirs):
        parser.add_argument("--" + name, required=False)
    for name in options:
        if name not in temp_dirs:
            parser.add_argument("--" + name, required=True)

    parsed, _extra = parser.parse_known_args(args[1:])
    resolved = vars(parsed)
    if resolved.get("TempDir") is not None:
        resolved["RedshiftTempDir"] = resolved["TempDir"]
    elif resolved.get("RedshiftTempDir") is not None:
        resolved["TempDir"] = resolved["RedshiftTempDir"]

    continuation = resolved.pop("continuation_option", None)
    if resolved.get("job_bookmark_option") is None:
        if continuation is None:
            resolved["job_bookmark_option"] = "job-bookmark-disable"
        else:
            resolved["job_bookmark_option"] = bookmark_choices[continuation_choices.index(continuation)]
    _global_args.update(resolved)
    return resolved


# Glue 6.0 (Spark 4) changed the signature (aws-glue-libs a9e087b): abbreviated argument names are rejected unless the
# script opts in. Each environment has the signature of the Glue version whose Spark it runs.
GLUE_6_API = int(version("pyspark").split(".")[0]) >= 4


def _glue_6_get_resolved_options(args, options, allow_abbrev=False):
    """Glue 6.0's: a prefix of an option's name is not that option (it goes to the ignored extras, and the option
    is then missing) unless `allow_abbrev=True`."""
    return _resolve(args, options, allow_abbrev)


def _glue_5_get_resolved_options(args, options):
    """Glue 5.x's: argparse's prefix matching, so `--LAKE` gives LAKE_ROOT when no other option starts so."""
    return _resolve(args, options, True)


getResolvedOptions = _glue_6_get_resolved_options if GLUE_6_API else _glue_5_get_resolved_options
