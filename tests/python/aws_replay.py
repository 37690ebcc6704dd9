"""Replays every resource of a stack, as the AWS API calls the Pulumi AWS provider makes for it, against an
AWS API emulator (moto in server mode), through boto3, then reads back what the checks need.

Input (stdin, JSON): {"endpoint": "http://127.0.0.1:<port>", "stacks": [{"stack", "generatedDir", "resources":
[{"type", "name", "inputs", "state"}]}]}, where inputs and state are what the Pulumi program passed and what
its mocks answered (tests/infra-harness.ts). Output (stdout, JSON): {"stacks": {<stack>: {"calls": [...],
"problems": [...], "scripts": {...}, "edges": [...], "jobRuns": n, "tables": {...}}}}.

Every call goes through botocore, which checks it against AWS's own service model (required members, types,
minimum lengths); `model_problems` also checks what botocore leaves out (enum values, patterns, maximum
lengths and values), from the same loaded model. Where moto is more lenient or stricter than AWS, the code
says so where it handles it (LENIENCIES below, and docs/decisions/infra-aws-conformance.md). No resource is
skipped: a resource type this script does not know is a problem.
"""

import json
import re
import sys
from urllib.parse import urlparse
from urllib.request import Request, urlopen

import boto3
from botocore.config import Config
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

REGION = "us-east-1"

# Where moto and AWS differ, and what this replay does about it (also in docs/decisions/infra-aws-conformance.md).
LENIENCIES = {
    "bucket-policy-conditions": "moto does not evaluate aws:SecureTransport in bucket policies: it applies the "
    "TLS-only Deny to every request, even over HTTPS, so nothing could be put in the bucket after it. The replay puts "
    "the policy, reads it back and compares it, then removes it from the emulator (DeleteBucketPolicy, not a provider "
    "call) so the script uploads and reads that follow go through; the policy's logic is checked by the policy pack "
    "and parliament.",
    "glue-start-trigger": "moto's StartTrigger only marks the trigger ACTIVATED and starts no job run; the replay "
    "records the provider's StartTrigger call itself and fails if a deploy would make it for an ON_DEMAND trigger.",
    "kms-key-policy": "moto stores a key policy without evaluating it; the policy is read back and linted with "
    "parliament.",
    "glue-data-quality": "moto has no Glue Data Quality API (CreateDataQualityRuleset answers 'not yet implemented'): "
    "the replay checks each CreateDataQualityRuleset call against AWS's service model (botocore's parameter "
    "validation and model_problems) without sending it; the ruleset text itself is parsed at validation "
    "(src/model/quality) and evaluated by Deequ's DQDL engine in the local run.",
    "iam-policy-evaluation": "moto does not evaluate identity policies; they are read back and linted with "
    "parliament, and botocore checks their size limits through the model (PolicyDocument max length).",
}


class Recorder:
    """A boto3 client wrapper: checks each call against the model, records it, and maps mock values to moto's."""

    def __init__(self, session, endpoint, problems, calls):
        self.clients = {}
        self.session = session
        self.endpoint = endpoint
        self.problems = problems
        self.calls = calls

    def client(self, service):
        if service not in self.clients:
            self.clients[service] = self.session.client(
                service,
                region_name=REGION,
                endpoint_url=self.endpoint,
                config=Config(retries={"max_attempts": 1}, parameter_validation=True),
            )
        return self.clients[service]

    def check_only(self, where, service, operation, **params):
        """For an API moto does not implement: the same model checks as `call`, nothing sent (see LENIENCIES)."""
        op_model = self.client(service).meta.service_model.operation_model(operation)
        for problem in model_problems(op_model.input_shape, params, operation):
            self.problems.append(f"{where}: {problem}")
        try:
            validate_parameters(params, op_model.input_shape)
        except ParamValidationError as e:
            self.problems.append(f"{where}: {service}:{operation} rejected by the model: {e}")
        self.calls.append(f"{service}:{operation} (model-checked only)")

    def call(self, where, service, operation, **params):
        client = self.client(service)
        op_model = client.meta.service_model.operation_model(operation)
        for problem in model_problems(op_model.input_shape, params, operation):
            self.problems.append(f"{where}: {problem}")
        self.calls.append(f"{service}:{operation}")
        method = getattr(client, snake(operation))
        try:
            return method(**params)
        except Exception as e:  # noqa: BLE001 - every failure is a finding, named with the resource
            self.problems.append(f"{where}: {service}:{operation} failed: {type(e).__name__}: {e}")
            return None


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def model_problems(shape, value, path):
    """What botocore's parameter validation does not check: enums, patterns, maximum lengths and values."""
    problems = []
    if shape is None:
        return problems
    t = shape.type_name
    meta = shape.metadata
    if t == "structure" and isinstance(value, dict):
        for key, member in value.items():
            if key in shape.members:
                problems += model_problems(shape.members[key], member, f"{path}.{key}")
    elif t == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} items, more than the model's maximum {meta['max']}")
        for i, item in enumerate(value):
            problems += model_problems(shape.member, item, f"{path}[{i}]")
    elif t == "map" and isinstance(value, dict):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} entries, more than the model's maximum {meta['max']}")
        for k, v in value.items():
            problems += model_problems(shape.key, k, f"{path} key {k!r}")
            problems += model_problems(shape.value, v, f"{path}[{k!r}]")
    elif t == "string" and isinstance(value, str):
        enum = getattr(shape, "enum", None) or []
        if enum and value not in enum:
            problems.append(f"{path}: {value!r} is not one of {enum}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} characters, more than the model's maximum {meta['max']}")
        pattern = meta.get("pattern")
        if pattern:
            compiled = python_pattern(pattern)
            if compiled is None:
                UNCHECKED_PATTERNS.add(pattern)
            elif compiled.fullmatch(value) is None:
                problems.append(f"{path}: {value[:80]!r} does not match the model's pattern {pattern}")
    elif t in ("integer", "long") and isinstance(value, int):
        if "max" in meta and value > meta["max"]:
            problems.append(f"{path}: {value} is more than the model's maximum {meta['max']}")
        if "min" in meta and value < meta["min"]:
            problems.append(f"{path}: {value} is less than the model's minimum {meta['min']}")
    return problems


UNCHECKED_PATTERNS = set()


def python_pattern(pattern):
    """The model's (Java) pattern as a Python regex. Java writes characters outside the BMP as surrogate
    pairs (\\uD800\\uDC00-\\uDBFF\\uDFFF), which Python's re cannot express; that range becomes
    \\U00010000-\\U0010FFFF. A pattern Python still cannot compile is reported as unchecked, never ignored."""
    fixed = pattern.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")
    try:
        return re.compile(fixed, re.DOTALL)
    except re.error:
        return None


def substitute(value, mapping):
    """Replaces the mocks' computed values (a key's id and ARN) with the ones moto assigned."""
    if isinstance(value, str):
        for old, new in mapping.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [substitute(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, mapping) for k, v in value.items()}
    return value


def present(d, **pairs):
    """Only the members that are set, as the provider omits unset arguments."""
    return {k: v for k, v in pairs.items() if v is not None}


def cap(d):
    return {k[0].upper() + k[1:]: v for k, v in d.items()}


def lifecycle_rule(rule):
    out = {"ID": rule["id"], "Status": rule["status"]}
    f = rule.get("filter") or {}
    # The provider sends an empty filter as an empty prefix (a rule for the whole bucket).
    out["Filter"] = {"Prefix": f["prefix"]} if f.get("prefix") is not None else {"Prefix": ""}
    if "expiration" in rule:
        e = rule["expiration"]
        out["Expiration"] = present(
            {}, Days=e.get("days"), ExpiredObjectDeleteMarker=e.get("expiredObjectDeleteMarker")
        )
    if "noncurrentVersionExpiration" in rule:
        out["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["noncurrentVersionExpiration"]["noncurrentDays"]}
    if "abortIncompleteMultipartUpload" in rule:
        out["AbortIncompleteMultipartUpload"] = {
            "DaysAfterInitiation": rule["abortIncompleteMultipartUpload"]["daysAfterInitiation"]
        }
    return out


def column(c):
    return present({}, Name=c["name"], Type=c["type"], Comment=c.get("comment"), Parameters=c.get("parameters"))


# The order the provider's dependency graph allows; within a type, the program's order.
ORDER = [
    "aws:kms/key:Key",
    "aws:kms/alias:Alias",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:glue/securityConfiguration:SecurityConfiguration",
    "aws:glue/catalogDatabase:CatalogDatabase",
    "aws:glue/catalogTable:CatalogTable",
    "aws:glue/dataQualityRuleset:DataQualityRuleset",
    "aws:glue/job:Job",
    "aws:glue/workflow:Workflow",
    "aws:glue/trigger:Trigger",
    "aws:glue/crawler:Crawler",
]


def replay_stack(rec, stack):
    problems = rec.problems
    mapping = {}
    # Components make no call; a StackReference (pulumi:pulumi:StackReference) reads the Pulumi state, not AWS.
    resources = [r for r in stack["resources"] if not r["type"].startswith(("lakehouse:infra:", "pulumi:"))]
    unknown = sorted({r["type"] for r in resources if r["type"] not in ORDER})
    for t in unknown:
        problems.append(f"{t}: the replay does not know this resource type; add it to tests/python/aws_replay.py")
    start_triggers = []
    for t in ORDER:
        for r in (x for x in resources if x["type"] == t):
            i = substitute(r["inputs"], mapping)
            s = substitute(r["state"], mapping)
            where = f"{stack['stack']} {r['type'].split(':')[-1]} {r['name']}"
            if t == "aws:kms/key:Key":
                out = rec.call(
                    where, "kms", "CreateKey", **present({}, Description=i.get("description"), Policy=i.get("policy"))
                )
                if out:
                    meta = out["KeyMetadata"]
                    mapping[r["state"]["arn"]] = meta["Arn"]
                    mapping[r["state"]["keyId"]] = meta["KeyId"]
                    if i.get("enableKeyRotation"):
                        rec.call(where, "kms", "EnableKeyRotation", KeyId=meta["KeyId"])
            elif t == "aws:kms/alias:Alias":
                rec.call(
                    where, "kms", "CreateAlias", AliasName=i["name"], TargetKeyId=substitute(i["targetKeyId"], mapping)
                )
            elif t == "aws:s3/bucket:Bucket":
                rec.call(where, "s3", "CreateBucket", Bucket=s["bucket"])
            elif t == "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
                rec.call(
                    where,
                    "s3",
                    "PutBucketOwnershipControls",
                    Bucket=i["bucket"],
                    OwnershipControls={"Rules": [{"ObjectOwnership": i["rule"]["objectOwnership"]}]},
                )
            elif t == "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
                flags = {
                    k: i[k[0].lower() + k[1:]]
                    for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")
                }
                rec.call(where, "s3", "PutPublicAccessBlock", Bucket=i["bucket"], PublicAccessBlockConfiguration=flags)
            elif t == "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
                rules = []
                for rule in i["rules"]:
                    d = rule["applyServerSideEncryptionByDefault"]
                    rules.append(
                        present(
                            {},
                            ApplyServerSideEncryptionByDefault=present(
                                {}, SSEAlgorithm=d["sseAlgorithm"], KMSMasterKeyID=d.get("kmsMasterKeyId")
                            ),
                            BucketKeyEnabled=rule.get("bucketKeyEnabled"),
                        )
                    )
                rec.call(
                    where,
                    "s3",
                    "PutBucketEncryption",
                    Bucket=i["bucket"],
                    ServerSideEncryptionConfiguration={"Rules": rules},
                )
            elif t == "aws:s3/bucketVersioning:BucketVersioning":
                rec.call(
                    where,
                    "s3",
                    "PutBucketVersioning",
                    Bucket=i["bucket"],
                    VersioningConfiguration={"Status": i["versioningConfiguration"]["status"]},
                )
            elif t == "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
                rec.call(
                    where,
                    "s3",
                    "PutBucketLifecycleConfiguration",
                    Bucket=i["bucket"],
                    LifecycleConfiguration={"Rules": [lifecycle_rule(x) for x in i["rules"]]},
                )
            elif t == "aws:s3/bucketPolicy:BucketPolicy":
                rec.call(where, "s3", "PutBucketPolicy", Bucket=i["bucket"], Policy=i["policy"])
                got = rec.call(where, "s3", "GetBucketPolicy", Bucket=i["bucket"])
                if got and json.loads(got["Policy"]) != json.loads(i["policy"]):
                    problems.append(f"{where}: the bucket policy read back differs from the one put")
                # moto's strictness, not AWS's: see LENIENCIES["bucket-policy-conditions"].
                rec.call(where, "s3", "DeleteBucketPolicy", Bucket=i["bucket"])
            elif t == "aws:s3/bucketObjectv2:BucketObjectv2":
                rec.call(
                    where,
                    "s3",
                    "PutObject",
                    Bucket=i["bucket"],
                    Key=i["key"],
                    Body=i["content"].encode("utf-8"),
                    **present({}, ContentType=i.get("contentType")),
                )
            elif t == "aws:iam/role:Role":
                rec.call(
                    where,
                    "iam",
                    "CreateRole",
                    **present(
                        {},
                        RoleName=s["name"],
                        AssumeRolePolicyDocument=i["assumeRolePolicy"],
                        Description=i.get("description"),
                        PermissionsBoundary=i.get("permissionsBoundary"),
                    ),
                )
            elif t == "aws:iam/rolePolicy:RolePolicy":
                rec.call(
                    where, "iam", "PutRolePolicy", RoleName=i["role"], PolicyName=s["name"], PolicyDocument=i["policy"]
                )
            elif t == "aws:glue/securityConfiguration:SecurityConfiguration":
                e = i["encryptionConfiguration"]
                s3e = e["s3Encryption"]
                config = {
                    "S3Encryption": [
                        present({}, S3EncryptionMode=s3e["s3EncryptionMode"], KmsKeyArn=s3e.get("kmsKeyArn"))
                    ],
                    "CloudWatchEncryption": present(
                        {},
                        CloudWatchEncryptionMode=e["cloudwatchEncryption"]["cloudwatchEncryptionMode"],
                        KmsKeyArn=e["cloudwatchEncryption"].get("kmsKeyArn"),
                    ),
                    "JobBookmarksEncryption": present(
                        {},
                        JobBookmarksEncryptionMode=e["jobBookmarksEncryption"]["jobBookmarksEncryptionMode"],
                        KmsKeyArn=e["jobBookmarksEncryption"].get("kmsKeyArn"),
                    ),
                }
                rec.call(where, "glue", "CreateSecurityConfiguration", Name=s["name"], EncryptionConfiguration=config)
            elif t == "aws:glue/catalogDatabase:CatalogDatabase":
                defaults = [
                    {
                        "Principal": {"DataLakePrincipalIdentifier": p["principal"]["dataLakePrincipalIdentifier"]},
                        "Permissions": p["permissions"],
                    }
                    for p in i.get("createTableDefaultPermissions", [])
                ]
                rec.call(
                    where,
                    "glue",
                    "CreateDatabase",
                    DatabaseInput=present(
                        {},
                        Name=i["name"],
                        Description=i.get("description"),
                        CreateTableDefaultPermissions=defaults or None,
                    ),
                )
            elif t == "aws:glue/catalogTable:CatalogTable":
                sd = i["storageDescriptor"]
                table = present(
                    {},
                    Name=i["name"],
                    Description=i.get("description"),
                    TableType=i.get("tableType"),
                    Parameters=i.get("parameters"),
                    PartitionKeys=[column(c) for c in i.get("partitionKeys", [])],
                    StorageDescriptor=present(
                        {},
                        Location=sd["location"],
                        InputFormat=sd["inputFormat"],
                        OutputFormat=sd["outputFormat"],
                        Compressed=sd.get("compressed"),
                        SerdeInfo=present(
                            {},
                            SerializationLibrary=sd["serDeInfo"]["serializationLibrary"],
                            Parameters=sd["serDeInfo"].get("parameters"),
                        ),
                        Columns=[column(c) for c in sd["columns"]],
                    ),
                )
                rec.call(where, "glue", "CreateTable", DatabaseName=i["databaseName"], TableInput=table)
                got = rec.call(where, "glue", "GetTable", DatabaseName=i["databaseName"], Name=i["name"])
                if got:
                    back = got["Table"]
                    if back.get("StorageDescriptor", {}).get("Columns") != table["StorageDescriptor"]["Columns"]:
                        problems.append(
                            f"{where}: the columns read back (comments, pii tags) differ from the ones declared"
                        )
                    if back.get("Parameters") != table.get("Parameters"):
                        problems.append(
                            f"{where}: the table parameters read back differ: "
                            f"{back.get('Parameters')} vs {table.get('Parameters')}"
                        )
            elif t == "aws:glue/dataQualityRuleset:DataQualityRuleset":
                target = i.get("targetTable")
                rec.check_only(
                    where,
                    "glue",
                    "CreateDataQualityRuleset",
                    **present(
                        {},
                        Name=i["name"],
                        Description=i.get("description"),
                        Ruleset=i["ruleset"],
                        TargetTable=present(
                            {},
                            TableName=target["tableName"],
                            DatabaseName=target["databaseName"],
                            CatalogId=target.get("catalogId"),
                        )
                        if target
                        else None,
                    ),
                )
            elif t == "aws:glue/job:Job":
                c = i["command"]
                job = present(
                    {},
                    Name=i["name"],
                    Description=i.get("description"),
                    Role=i["roleArn"],
                    GlueVersion=i.get("glueVersion"),
                    Command=present(
                        {}, Name=c["name"], PythonVersion=c.get("pythonVersion"), ScriptLocation=c["scriptLocation"]
                    ),
                    WorkerType=i.get("workerType"),
                    NumberOfWorkers=i.get("numberOfWorkers"),
                    ExecutionClass=i.get("executionClass"),
                    Timeout=i.get("timeout"),
                    MaxRetries=i.get("maxRetries"),
                    ExecutionProperty=cap(i["executionProperty"]) if "executionProperty" in i else None,
                    SecurityConfiguration=i.get("securityConfiguration"),
                    DefaultArguments=i.get("defaultArguments"),
                )
                rec.call(where, "glue", "CreateJob", **job)
            elif t == "aws:glue/workflow:Workflow":
                rec.call(
                    where,
                    "glue",
                    "CreateWorkflow",
                    **present(
                        {},
                        Name=i["name"],
                        Description=i.get("description"),
                        MaxConcurrentRuns=i.get("maxConcurrentRuns"),
                    ),
                )
            elif t == "aws:glue/trigger:Trigger":
                predicate = None
                if "predicate" in i:
                    p = i["predicate"]
                    predicate = present(
                        {},
                        Logical=p.get("logical"),
                        Conditions=[
                            present(
                                {},
                                JobName=x.get("jobName"),
                                State=x.get("state"),
                                LogicalOperator=x.get("logicalOperator"),
                            )
                            for x in p["conditions"]
                        ],
                    )
                trigger = present(
                    {},
                    Name=i["name"],
                    WorkflowName=i.get("workflowName"),
                    Type=i["type"],
                    Schedule=i.get("schedule"),
                    Predicate=predicate,
                    Actions=[present({}, JobName=a.get("jobName")) for a in i["actions"]],
                    StartOnCreation=i.get("startOnCreation"),
                )
                rec.call(where, "glue", "CreateTrigger", **trigger)
                # The provider: an ON_DEMAND trigger with `enabled` left true is started right after creation
                # (terraform-provider-aws #17413, #38222, #42498), which runs its jobs.
                if i["type"] == "ON_DEMAND" and i.get("enabled", True) is not False:
                    start_triggers.append(i["name"])
                    rec.call(where, "glue", "StartTrigger", Name=i["name"])
            elif t == "aws:glue/crawler:Crawler":
                targets = {
                    "CatalogTargets": [
                        {"DatabaseName": x["databaseName"], "Tables": x["tables"]} for x in i.get("catalogTargets", [])
                    ]
                }
                scp = i.get("schemaChangePolicy")
                rec.call(
                    where,
                    "glue",
                    "CreateCrawler",
                    **present(
                        {},
                        Name=i["name"],
                        Role=i["role"],
                        DatabaseName=i.get("databaseName"),
                        Description=i.get("description"),
                        Targets=targets,
                        SchemaChangePolicy=present(
                            {}, UpdateBehavior=scp.get("updateBehavior"), DeleteBehavior=scp.get("deleteBehavior")
                        )
                        if scp
                        else None,
                        Configuration=i.get("configuration"),
                        CrawlerSecurityConfiguration=i.get("securityConfiguration"),
                    ),
                )
    return resources, start_triggers


def read_back(rec, stack, resources, start_triggers):
    """What the checks compare: scripts as Glue would load them, the trigger graph, job runs."""
    out = {"scripts": {}, "edges": [], "startJobs": [], "jobRuns": 0, "startTriggerCalls": start_triggers}
    jobs = [r for r in resources if r["type"] == "aws:glue/job:Job"]
    for r in jobs:
        got = rec.call(f"{stack['stack']} read back job {r['name']}", "glue", "GetJob", JobName=r["inputs"]["name"])
        if not got:
            continue
        location = urlparse(got["Job"]["Command"]["ScriptLocation"])
        body = rec.call(
            f"{stack['stack']} read back script of {r['name']}",
            "s3",
            "GetObject",
            Bucket=location.netloc,
            Key=location.path.lstrip("/"),
        )
        out["scripts"][r["name"]] = body["Body"].read().decode("utf-8") if body else None
        runs = rec.call(f"{stack['stack']} job runs of {r['name']}", "glue", "GetJobRuns", JobName=r["inputs"]["name"])
        out["jobRuns"] += len(runs.get("JobRuns", [])) if runs else 0
    workflow = next((r for r in resources if r["type"] == "aws:glue/workflow:Workflow"), None)
    if workflow:
        listed = (rec.call(f"{stack['stack']} triggers", "glue", "GetTriggers") or {}).get("Triggers", [])
        for trig in listed:
            if trig.get("WorkflowName") != workflow["inputs"]["name"]:
                continue
            targets = [a["JobName"] for a in trig.get("Actions", [])]
            if trig["Type"] in ("ON_DEMAND", "SCHEDULED"):
                out["startJobs"] += targets
            for cond in (trig.get("Predicate") or {}).get("Conditions", []):
                for target in targets:
                    out["edges"].append([cond["JobName"], target, cond.get("State")])
    return out


def main():
    request = json.load(sys.stdin)
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    result = {"stacks": {}, "leniencies": LENIENCIES}
    for stack in request["stacks"]:
        # Each stack starts from an empty account, so variants of one stack can reuse its names.
        urlopen(Request(f"{request['endpoint']}/moto-api/reset", method="POST"), timeout=30).read()
        problems, calls = [], []
        rec = Recorder(session, request["endpoint"], problems, calls)
        resources, start_triggers = replay_stack(rec, stack)
        back = read_back(rec, stack, resources, start_triggers)
        result["stacks"][stack["stack"]] = {"calls": calls, "problems": problems, "replayed": len(resources), **back}
    result["uncheckedPatterns"] = sorted(UNCHECKED_PATTERNS)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
