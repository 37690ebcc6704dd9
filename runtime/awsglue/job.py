"""Job lifecycle. Locally there are no bookmarks, so init/commit only track state."""

from awsglue._unsupported import unsupported


class Job:
    @classmethod
    def continuation_options(cls):
        return ["--continuation-option", "continuation-enabled", "continuation-readonly", "continuation-ignore"]

    @classmethod
    def job_bookmark_options(cls):
        return ["--job-bookmark-option", "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]

    @classmethod
    def job_bookmark_range_options(cls):
        return ["--job-bookmark-from", "--job-bookmark-to"]

    @classmethod
    def id_params(cls):
        return ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]

    @classmethod
    def encryption_type_options(cls):
        return ["--encryption-type", "sse-s3"]

    def __init__(self, glue_context):
        self._glue_context = glue_context
        self._name = None
        self._committed = False

    def init(self, job_name, args={}):
        # Bookmarks would make a local rerun skip data it has already seen, silently; refuse instead.
        option = (args or {}).get("job_bookmark_option", "job-bookmark-disable")
        if option != "job-bookmark-disable":
            raise unsupported(f"Job.init with --job-bookmark-option {option}")
        self._name = job_name

    def isInitialized(self):
        return self._name is not None

    def commit(self):
        if self._name is None:
            raise RuntimeError("Job.commit() called before Job.init()")
        self._committed = True
