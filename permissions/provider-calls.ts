/**
 * The AWS calls `@pulumi/aws` v7 makes for every resource type this project declares, as IAM actions, per phase.
 * `@pulumi/aws` v7 bridges terraform-provider-aws v6: each Pulumi CRUD operation runs the Terraform resource's
 * Create/Read/Update/Delete function, so the calls below are read from those functions (see PROVIDER_SOURCE).
 *
 * Phases (each list is the whole sequence of that Pulumi operation, in call order):
 * - `create`: `pulumi up` creating the resource, including the read-back after create and the tag listing the
 *   provider's tagging interceptor does after it;
 * - `read`: `pulumi refresh` (and `pulumi up --refresh`); `pulumi preview` reads no resource, only invokes;
 * - `update`: `pulumi up` changing the resource in place, including the read-back after update;
 * - `delete`: `pulumi destroy`, or the old resource of a replacement;
 * - `tags`: the calls made only because the resource has tags, or its tags change: they are left out of the four
 *   lists above, which assume no tags (this program sets none today). Each carries a `when`.
 * A call without `when` is always made. A call with `when` is made only under that condition.
 *
 * Fields beyond the brief's shape: `also` (more resources the same request is authorized on; every one must be
 * allowed), `ignores` (errors the provider ignores that are NOT an AccessDenied, so the grant is still needed),
 * `conditionKeys` (condition keys the request carries that a policy may test), `needsNoGrant` (why no policy is
 * consulted), `source` (the provider function making the call, when it is not the phase's own function) and
 * `note`. A note starting "Unverified:" marks a call (or a missing one) the provider's source does not settle.
 * `tolerated` is set only where the provider survives an AccessDenied in the `aws` partition: that grant is optional.
 */

export interface ProviderCall {
  /** IAM action, e.g. "glue:GetPartitionIndexes". */
  readonly action: string;
  /** The API operation, e.g. "GetPartitionIndexes". */
  readonly api: string;
  /** What resource the call is authorized on: a key of ON_KEYS, which the evaluator maps to an ARN. */
  readonly on: OnKey;
  /** More resources the same request is authorized on (keys of ON_KEYS); all must allow it. */
  readonly also?: readonly OnKey[];
  /** An AccessDenied the provider survives, so the grant is optional; says what the provider does instead. */
  readonly tolerated?: string;
  /** Errors the provider ignores that are not permission errors: the grant is still required. */
  readonly ignores?: string;
  /** A condition: "tags set", "enabled", "forceDestroy", "versioned bucket"... */
  readonly when?: string;
  /** Condition keys the request carries that a policy may test. */
  readonly conditionKeys?: readonly string[];
  /** Set when AWS consults no policy for this call; says why. */
  readonly needsNoGrant?: string;
  /** The provider file and function making the call, when not the phase's own function. */
  readonly source?: string;
  readonly note?: string;
}

export interface ResourceCallSequence {
  /** Pulumi type token. */
  readonly type: string;
  /** The Terraform resource the Pulumi type bridges. */
  readonly terraformType?: string;
  /** Provider file(s) and functions, relative to the repository root. */
  readonly source: string;
  /** AWS documentation pages that settle an action name or an authorization. */
  readonly docs?: readonly string[];
  readonly create: readonly ProviderCall[];
  readonly read: readonly ProviderCall[];
  readonly update: readonly ProviderCall[];
  readonly delete: readonly ProviderCall[];
  readonly tags: readonly ProviderCall[];
  readonly notes?: string;
}

/** The keys `on` and `also` use, each with the ARN the evaluator builds for it. */
export const ON_KEYS = {
  self: "The resource's own ARN: Glue job/crawler/trigger/workflow/dataQualityRuleset, IAM role/policy/OIDC provider, KMS key, S3 bucket (arn:${partition}:s3:::${bucket}).",
  catalog: "The Glue Data Catalog: arn:${partition}:glue:${region}:${account}:catalog.",
  database: "The Glue database: arn:${partition}:glue:${region}:${account}:database/${databaseName}.",
  table: "The Glue table: arn:${partition}:glue:${region}:${account}:table/${databaseName}/${tableName}.",
  "database-tables": "Every table of the database: arn:${partition}:glue:${region}:${account}:table/${databaseName}/*.",
  "database-functions":
    "Every user-defined function of the database: arn:${partition}:glue:${region}:${account}:userDefinedFunction/${databaseName}/*.",
  bucket: "The S3 bucket a bucket-settings resource or an object belongs to: arn:${partition}:s3:::${bucket}.",
  object: "The S3 object: arn:${partition}:s3:::${bucket}/${key}.",
  "bucket-objects": "Every object of the bucket (emptying it): arn:${partition}:s3:::${bucket}/*.",
  "bucket-kms-key":
    "The KMS key of the bucket's default encryption (SSE-KMS), by ARN; authorized by its key policy too.",
  key: "The KMS key: the Key resource itself, or an Alias's target key; authorized by the key policy (and IAM when the key policy delegates to the account).",
  "previous-key": "The KMS key an Alias pointed to before an update.",
  "account-keys":
    "Every KMS key of the account and region: arn:${partition}:kms:${region}:${account}:key/*. KMS evaluates kms:TagResource for a CreateKey with tags in IAM policies only, against all keys.",
  alias: "The KMS alias: arn:${partition}:kms:${region}:${account}:alias/${aliasName}.",
  role: "The IAM role a resource belongs to (RolePolicy) or passes to a service (Glue Job/Crawler role, iam:PassRole).",
  none: 'No resource-level permission exists: a policy must allow Resource "*" (kms:CreateKey, kms:ListAliases, glue:*SecurityConfiguration, sts:GetCallerIdentity).',
} as const;

export type OnKey = keyof typeof ON_KEYS;

/** Where the calls were read. */
export const PROVIDER_SOURCE = {
  repository: "hashicorp/terraform-provider-aws",
  commit: "5f2286d6d836",
  committed: "2026-06-02",
  version:
    "main between v6.47 and v6.48 (CHANGELOG '6.48.0 (Unreleased)'); Go module github.com/hashicorp/terraform-provider-aws@v1.60.1-0.20260602190131-5f2286d6d836",
  bridgedBy: "@pulumi/aws 7.48.0 (package-lock.json); the exact upstream tag it pins was not checked",
} as const;

const TAGS_INTERCEPTOR =
  "internal/provider/sdkv2/tags_interceptor.go tagsResourceCRUDInterceptor.run (After Create/Read/Update: ListTags unless the resource's Read set the tags itself; Before Update: UpdateTags when tags_all changed)";

// ---------------------------------------------------------------------------------------------------------------
// Glue
// ---------------------------------------------------------------------------------------------------------------

const GLUE_TAGS_GEN = "internal/service/glue/tags_gen.go (generate.go: -ListTagsOp=GetTags -UpdateTags)";

/** The tag listing the interceptor does after every Create, Read and Update of a tagged Glue resource. */
const glueGetTags = (on: OnKey, note?: string): ProviderCall => ({
  action: "glue:GetTags",
  api: "GetTags",
  on,
  source: `${TAGS_INTERCEPTOR}; ${GLUE_TAGS_GEN} listTags`,
  ...(note !== undefined ? { note } : {}),
});

const glueTagCalls = (on: OnKey, createApi: string, extra?: string): readonly ProviderCall[] => [
  {
    action: `glue:${createApi}`,
    api: createApi,
    on,
    when: "tags set: the create request carries them (Tags)",
    conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
    note: "Unverified: whether Glue also checks glue:TagResource for a create with tags; AWS Glue docs (monitor-tags.html) advise granting it.",
  },
  {
    action: "glue:TagResource",
    api: "TagResource",
    on,
    when: "tags added or changed on update (or set on create, per the note above)",
    conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
    source: `${TAGS_INTERCEPTOR}; ${GLUE_TAGS_GEN} updateTags`,
    ...(extra !== undefined ? { note: extra } : {}),
  },
  {
    action: "glue:UntagResource",
    api: "UntagResource",
    on,
    when: "tags removed on update",
    conditionKeys: ["aws:TagKeys"],
    source: `${TAGS_INTERCEPTOR}; ${GLUE_TAGS_GEN} updateTags`,
    ...(extra !== undefined ? { note: extra } : {}),
  },
];

const passGlueRole = (api: string): ProviderCall => ({
  action: "iam:PassRole",
  api: `${api} (Glue checks iam:PassRole for the role in the request)`,
  on: "role",
  conditionKeys: ["iam:PassedToService"],
  note: "Glue sends the role with every request of this operation; grant with iam:PassedToService = glue.amazonaws.com.",
});

const glueSecurityConfigurationLookup = (api: string): ProviderCall => ({
  action: "glue:GetSecurityConfiguration",
  api: `${api} with SecurityConfiguration`,
  on: "none",
  when: "securityConfiguration set",
  note: "Unverified: not called by the provider; recorded because Glue may resolve the named security configuration with the caller's permissions. A read-only grant on Resource *.",
});

const GLUE_DATABASE_READ: readonly ProviderCall[] = [
  {
    action: "glue:GetDatabase",
    api: "GetDatabase",
    on: "database",
    also: ["catalog"],
    source: "internal/service/glue/catalog_database.go findDatabase",
  },
  glueGetTags(
    "database",
    "AWS Glue docs: tagging APIs on a database also need glue:GetDatabase (granted for the call above).",
  ),
];

const GLUE_TABLE_READ: readonly ProviderCall[] = [
  {
    action: "glue:GetTable",
    api: "GetTable",
    on: "table",
    also: ["database", "catalog"],
    source: "internal/service/glue/catalog_table.go findTable",
  },
  {
    action: "glue:GetPartitionIndexes",
    api: "GetPartitionIndexes",
    on: "table",
    also: ["database", "catalog"],
    ignores:
      "InvalidInputException containing 'Operation not supported' (multi-dialect views) only; an AccessDenied fails the create, update or refresh",
    source:
      "internal/service/glue/catalog_table.go resourceCatalogTableRead; internal/service/glue/partition_index.go findPartitionIndexes",
  },
];

const glueRead = (action: string, api: string, source: string): ProviderCall => ({ action, api, on: "self", source });

const GLUE_CRAWLER_READ: readonly ProviderCall[] = [
  glueRead("glue:GetCrawler", "GetCrawler", "internal/service/glue/crawler.go findCrawlerByName"),
  glueGetTags("self"),
];
const GLUE_JOB_READ: readonly ProviderCall[] = [
  glueRead("glue:GetJob", "GetJob", "internal/service/glue/job.go findJobByName"),
  glueGetTags("self"),
];
const GLUE_RULESET_READ: readonly ProviderCall[] = [
  glueRead(
    "glue:GetDataQualityRuleset",
    "GetDataQualityRuleset",
    "internal/service/glue/data_quality_ruleset.go findDataQualityRulesetByName",
  ),
  glueGetTags("self"),
];
const GLUE_TRIGGER_GET = glueRead(
  "glue:GetTrigger",
  "GetTrigger",
  "internal/service/glue/trigger.go findTriggerByName",
);
const GLUE_TRIGGER_READ: readonly ProviderCall[] = [GLUE_TRIGGER_GET, glueGetTags("self")];
const GLUE_WORKFLOW_READ: readonly ProviderCall[] = [
  glueRead("glue:GetWorkflow", "GetWorkflow", "internal/service/glue/workflow.go resourceWorkflowRead"),
  glueGetTags("self"),
];
const GLUE_SECURITY_CONFIGURATION_READ: readonly ProviderCall[] = [
  {
    action: "glue:GetSecurityConfiguration",
    api: "GetSecurityConfiguration",
    on: "none",
    source: "internal/service/glue/security_configuration.go resourceSecurityConfigurationRead",
  },
];

const GLUE: readonly ResourceCallSequence[] = [
  {
    type: "aws:glue/catalogDatabase:CatalogDatabase",
    terraformType: "aws_glue_catalog_database",
    source:
      "internal/service/glue/catalog_database.go resourceCatalogDatabaseCreate/Read/Update/Delete, findDatabase; @Tags(identifierAttribute=arn)",
    docs: [
      "https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html",
      "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-tags.html",
    ],
    create: [
      {
        action: "glue:CreateDatabase",
        api: "CreateDatabase",
        on: "database",
        also: ["catalog"],
        note: "createTableDefaultPermissions (IAM_ONLY_TABLE_DEFAULTS) travels in the same request; no Lake Formation call.",
      },
      ...GLUE_DATABASE_READ,
    ],
    read: GLUE_DATABASE_READ,
    update: [
      {
        action: "glue:UpdateDatabase",
        api: "UpdateDatabase",
        on: "database",
        also: ["catalog"],
        when: "an attribute other than tags changed",
      },
      ...GLUE_DATABASE_READ,
    ],
    delete: [
      {
        action: "glue:DeleteDatabase",
        api: "DeleteDatabase",
        on: "database",
        also: ["catalog", "database-tables", "database-functions"],
        ignores: "EntityNotFoundException",
        note: "Glue deletes the database's tables and functions with it, so it authorizes those ARNs too (glue-specifying-resource-arns.html). Unverified against that page in this session.",
      },
    ],
    tags: glueTagCalls("database", "CreateDatabase", "AWS Glue docs: tagging a database also needs glue:GetDatabase."),
  },
  {
    type: "aws:glue/catalogTable:CatalogTable",
    terraformType: "aws_glue_catalog_table",
    source:
      "internal/service/glue/catalog_table.go resourceCatalogTableCreate/Read/Update/Delete, findTable; internal/service/glue/partition_index.go findPartitionIndexes",
    docs: ["https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html"],
    create: [
      { action: "glue:CreateTable", api: "CreateTable", on: "table", also: ["database", "catalog"] },
      ...GLUE_TABLE_READ,
    ],
    read: GLUE_TABLE_READ,
    update: [
      {
        action: "glue:GetTable",
        api: "GetTable",
        on: "table",
        also: ["database", "catalog"],
        note: "Read first to carry the managed parameters (table_type, metadata_location) of an Iceberg table.",
      },
      { action: "glue:UpdateTable", api: "UpdateTable", on: "table", also: ["database", "catalog"] },
      ...GLUE_TABLE_READ,
    ],
    delete: [
      {
        action: "glue:DeleteTable",
        api: "DeleteTable",
        on: "table",
        also: ["database", "catalog"],
        ignores: "EntityNotFoundException",
      },
    ],
    tags: [],
    notes:
      "Not taggable in the provider (no @Tags). The program declares EXTERNAL_TABLE tables only, so the VIRTUAL_VIEW wait (more GetTable) never runs. Every create and update ends with the read, so glue:GetPartitionIndexes is needed to create a table at all.",
  },
  {
    type: "aws:glue/crawler:Crawler",
    terraformType: "aws_glue_crawler",
    source:
      "internal/service/glue/crawler.go resourceCrawlerCreate/Read/Update/Delete, createCrawlerInput, updateCrawlerInput, findCrawlerByName; @Tags(identifierAttribute=arn)",
    docs: ["https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html"],
    create: [
      passGlueRole("CreateCrawler"),
      {
        action: "glue:CreateCrawler",
        api: "CreateCrawler",
        on: "self",
        note: "Retried for the propagation timeout on InvalidInputException (role not assumable yet, Lake Formation, 'is not authorized'), so a missing grant of the crawler role shows as a slow failure.",
      },
      glueSecurityConfigurationLookup("CreateCrawler"),
      ...GLUE_CRAWLER_READ,
    ],
    read: GLUE_CRAWLER_READ,
    update: [
      passGlueRole("UpdateCrawler"),
      { action: "glue:UpdateCrawler", api: "UpdateCrawler", on: "self", when: "an attribute other than tags changed" },
      {
        ...glueSecurityConfigurationLookup("UpdateCrawler"),
        when: "securityConfiguration set and an attribute other than tags changed",
      },
      ...GLUE_CRAWLER_READ,
    ],
    delete: [{ action: "glue:DeleteCrawler", api: "DeleteCrawler", on: "self", ignores: "EntityNotFoundException" }],
    tags: glueTagCalls("self", "CreateCrawler"),
  },
  {
    type: "aws:glue/dataQualityRuleset:DataQualityRuleset",
    terraformType: "aws_glue_data_quality_ruleset",
    source:
      "internal/service/glue/data_quality_ruleset.go resourceDataQualityRulesetCreate/Read/Update/Delete, findDataQualityRulesetByName; @Tags(identifierAttribute=arn)",
    create: [
      {
        action: "glue:CreateDataQualityRuleset",
        api: "CreateDataQualityRuleset",
        on: "self",
        note: "Unverified: whether Glue checks the caller's access to targetTable (databaseName/tableName); the provider makes no catalog call.",
      },
      ...GLUE_RULESET_READ,
    ],
    read: GLUE_RULESET_READ,
    update: [
      {
        action: "glue:UpdateDataQualityRuleset",
        api: "UpdateDataQualityRuleset",
        on: "self",
        when: "description or ruleset changed",
      },
      ...GLUE_RULESET_READ,
    ],
    delete: [
      {
        action: "glue:DeleteDataQualityRuleset",
        api: "DeleteDataQualityRuleset",
        on: "self",
        ignores: "EntityNotFoundException",
      },
    ],
    tags: glueTagCalls("self", "CreateDataQualityRuleset"),
    notes: "self is arn:${partition}:glue:${region}:${account}:dataQualityRuleset/${name}.",
  },
  {
    type: "aws:glue/job:Job",
    terraformType: "aws_glue_job",
    source:
      "internal/service/glue/job.go resourceJobCreate/Read/Update/Delete, resourceJobFlatten, findJobByName; @Tags(identifierAttribute=arn)",
    create: [
      passGlueRole("CreateJob"),
      { action: "glue:CreateJob", api: "CreateJob", on: "self" },
      glueSecurityConfigurationLookup("CreateJob"),
      ...GLUE_JOB_READ,
    ],
    read: GLUE_JOB_READ,
    update: [
      { ...passGlueRole("UpdateJob"), when: "an attribute other than tags changed (JobUpdate always carries Role)" },
      { action: "glue:UpdateJob", api: "UpdateJob", on: "self", when: "an attribute other than tags changed" },
      {
        ...glueSecurityConfigurationLookup("UpdateJob"),
        when: "securityConfiguration set and an attribute other than tags changed",
      },
      ...GLUE_JOB_READ,
    ],
    delete: [{ action: "glue:DeleteJob", api: "DeleteJob", on: "self", ignores: "EntityNotFoundException" }],
    tags: glueTagCalls("self", "CreateJob"),
    notes:
      "The script (scriptLocation) and the security configuration's KMS key are not checked at create; the job role needs them at run time.",
  },
  {
    type: "aws:glue/securityConfiguration:SecurityConfiguration",
    terraformType: "aws_glue_security_configuration",
    source:
      "internal/service/glue/security_configuration.go resourceSecurityConfigurationCreate/Read/Delete, deleteSecurityConfiguration",
    create: [
      {
        action: "glue:CreateSecurityConfiguration",
        api: "CreateSecurityConfiguration",
        on: "none",
        note: "Unverified: whether Glue checks the caller's access to the KMS keys it names; the provider makes no KMS call.",
      },
      ...GLUE_SECURITY_CONFIGURATION_READ,
    ],
    read: GLUE_SECURITY_CONFIGURATION_READ,
    update: [],
    delete: [
      {
        action: "glue:DeleteSecurityConfiguration",
        api: "DeleteSecurityConfiguration",
        on: "none",
        ignores: "EntityNotFoundException",
      },
    ],
    tags: [],
    notes:
      "No Update function: every attribute is ForceNew, so a change is a replacement (create the new one, repoint jobs and crawler, delete the old one). Not taggable.",
  },
  {
    type: "aws:glue/trigger:Trigger",
    terraformType: "aws_glue_trigger",
    source:
      "internal/service/glue/trigger.go resourceTriggerCreate/Read/Update/Delete, deleteTrigger, findTriggerByName, statusTrigger, waitTriggerCreated, waitTriggerDeleted; @Tags(identifierAttribute=arn)",
    create: [
      {
        action: "glue:CreateTrigger",
        api: "CreateTrigger",
        on: "self",
        note: "StartOnCreation travels in the request (true for the program's SCHEDULED and CONDITIONAL triggers, false for ON_DEMAND). Unverified: whether Glue also checks glue:StartTrigger for StartOnCreation=true.",
      },
      { ...GLUE_TRIGGER_GET, source: "internal/service/glue/trigger.go waitTriggerCreated, statusTrigger" },
      {
        action: "glue:StartTrigger",
        api: "StartTrigger",
        on: "self",
        when: "type ON_DEMAND and enabled (default true); the program's ON_DEMAND start trigger sets enabled false",
      },
      ...GLUE_TRIGGER_READ,
    ],
    read: GLUE_TRIGGER_READ,
    update: [
      {
        action: "glue:UpdateTrigger",
        api: "UpdateTrigger",
        on: "self",
        when: "actions, description, predicate, schedule or event_batching_condition changed",
      },
      {
        ...GLUE_TRIGGER_GET,
        when: "after UpdateTrigger",
        source: "internal/service/glue/trigger.go waitTriggerCreated",
      },
      { action: "glue:StartTrigger", api: "StartTrigger", on: "self", when: "enabled changed to true" },
      {
        action: "glue:StopTrigger",
        api: "StopTrigger",
        on: "self",
        when: "enabled changed to false, unless an ON_DEMAND trigger in state CREATED",
      },
      glueGetTags("self", "resourceTriggerUpdate does not read back; the interceptor still lists tags after it."),
    ],
    delete: [
      { action: "glue:DeleteTrigger", api: "DeleteTrigger", on: "self", ignores: "EntityNotFoundException" },
      {
        ...GLUE_TRIGGER_GET,
        ignores: "EntityNotFoundException (ends the wait)",
        source: "internal/service/glue/trigger.go waitTriggerDeleted, statusTrigger",
      },
    ],
    tags: glueTagCalls("self", "CreateTrigger"),
    notes:
      "The trigger's jobs and workflow are named in the request; the provider reads neither. Unverified: whether Glue checks the caller's access to them.",
  },
  {
    type: "aws:glue/workflow:Workflow",
    terraformType: "aws_glue_workflow",
    source:
      "internal/service/glue/workflow.go resourceWorkflowCreate/Read/Update/Delete, deleteWorkflow; @Tags(identifierAttribute=arn)",
    create: [{ action: "glue:CreateWorkflow", api: "CreateWorkflow", on: "self" }, ...GLUE_WORKFLOW_READ],
    read: GLUE_WORKFLOW_READ,
    update: [
      {
        action: "glue:UpdateWorkflow",
        api: "UpdateWorkflow",
        on: "self",
        when: "default_run_properties, description or max_concurrent_runs changed",
      },
      ...GLUE_WORKFLOW_READ,
    ],
    delete: [{ action: "glue:DeleteWorkflow", api: "DeleteWorkflow", on: "self", ignores: "EntityNotFoundException" }],
    tags: glueTagCalls("self", "CreateWorkflow"),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// IAM
// ---------------------------------------------------------------------------------------------------------------

const IAM_TAGS = "internal/service/iam/tags.go (servicePackage.UpdateTags by resource type)";

const iamTagCalls = (createApi: string, tagApi: string, untagApi: string): readonly ProviderCall[] => [
  {
    action: `iam:${tagApi}`,
    api: `${createApi} with Tags`,
    on: "self",
    when: "tags set on create: the create request carries them, and IAM requires this action for that",
    conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
  },
  {
    action: `iam:${tagApi}`,
    api: tagApi,
    on: "self",
    when: "tags added or changed on update",
    conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
    source: `${TAGS_INTERCEPTOR}; ${IAM_TAGS}`,
  },
  {
    action: `iam:${untagApi}`,
    api: untagApi,
    on: "self",
    when: "tags removed on update",
    conditionKeys: ["aws:TagKeys"],
    source: `${TAGS_INTERCEPTOR}; ${IAM_TAGS}`,
  },
];

const IAM_ROLE_READ: readonly ProviderCall[] = [
  {
    action: "iam:GetRole",
    api: "GetRole",
    on: "self",
    note: "Also the tags (resourceRoleFlatten sets them), so no ListRoleTags; retried while a new role is not yet visible.",
    source: "internal/service/iam/role.go findRole, waitRoleARNIsNotUniqueID",
  },
  {
    action: "iam:ListRolePolicies",
    api: "ListRolePolicies",
    on: "self",
    source: "internal/service/iam/role.go readRoleInlinePolicies, findRolePolicyNames",
  },
  {
    action: "iam:GetRolePolicy",
    api: "GetRolePolicy",
    on: "self",
    when: "the role has inline policies (every role here has RolePolicy resources): once per policy",
    source: "internal/service/iam/role.go readRoleInlinePolicies",
  },
  {
    action: "iam:ListAttachedRolePolicies",
    api: "ListAttachedRolePolicies",
    on: "self",
    source: "internal/service/iam/role.go findRoleAttachedPolicies",
  },
];

const IAM_POLICY_READ: readonly ProviderCall[] = [
  { action: "iam:GetPolicy", api: "GetPolicy", on: "self", source: "internal/service/iam/policy.go findPolicy" },
  {
    action: "iam:GetPolicyVersion",
    api: "GetPolicyVersion",
    on: "self",
    source: "internal/service/iam/policy.go findPolicyVersion",
  },
];

const IAM_OIDC_READ: readonly ProviderCall[] = [
  {
    action: "iam:GetOpenIDConnectProvider",
    api: "GetOpenIDConnectProvider",
    on: "self",
    note: "Also the tags (setTagsOut), so no ListOpenIDConnectProviderTags.",
    source: "internal/service/iam/openid_connect_provider.go findOpenIDConnectProvider",
  },
];

const IAM_ROLE_POLICY_READ: readonly ProviderCall[] = [
  {
    action: "iam:GetRolePolicy",
    api: "GetRolePolicy",
    on: "role",
    source: "internal/service/iam/role_policy.go findRolePolicyByTwoPartKey",
  },
];

const IAM: readonly ResourceCallSequence[] = [
  {
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    terraformType: "aws_iam_openid_connect_provider",
    source:
      "internal/service/iam/openid_connect_provider.go resourceOpenIDConnectProviderCreate/Read/Update/Delete; @Tags(identifierAttribute=arn, resourceType=OIDCProvider)",
    create: [
      {
        action: "iam:CreateOpenIDConnectProvider",
        api: "CreateOpenIDConnectProvider",
        on: "self",
        note: "No thumbprint_list in the program: IAM fetches the thumbprint itself.",
      },
      ...IAM_OIDC_READ,
    ],
    read: IAM_OIDC_READ,
    update: [
      {
        action: "iam:UpdateOpenIDConnectProviderThumbprint",
        api: "UpdateOpenIDConnectProviderThumbprint",
        on: "self",
        when: "thumbprint_list changed to a non-empty list",
      },
      {
        action: "iam:AddClientIDToOpenIDConnectProvider",
        api: "AddClientIDToOpenIDConnectProvider",
        on: "self",
        when: "client IDs added",
      },
      {
        action: "iam:RemoveClientIDFromOpenIDConnectProvider",
        api: "RemoveClientIDFromOpenIDConnectProvider",
        on: "self",
        when: "client IDs removed",
      },
      ...IAM_OIDC_READ,
    ],
    delete: [
      {
        action: "iam:DeleteOpenIDConnectProvider",
        api: "DeleteOpenIDConnectProvider",
        on: "self",
        ignores: "NoSuchEntityException",
      },
    ],
    tags: iamTagCalls("CreateOpenIDConnectProvider", "TagOpenIDConnectProvider", "UntagOpenIDConnectProvider"),
    notes: "Only when the bootstrap is not given an existing provider (settings.oidcProviderArn).",
  },
  {
    type: "aws:iam/policy:Policy",
    terraformType: "aws_iam_policy",
    source:
      "internal/service/iam/policy.go resourcePolicyCreate/Read/Update/Delete, policyPruneVersions, policyDeleteVersion, findPolicyVersions; @Tags(identifierAttribute=arn, resourceType=Policy)",
    create: [
      { action: "iam:CreatePolicy", api: "CreatePolicy", on: "self", note: "Also the tags of GetPolicy (setTagsOut)." },
      ...IAM_POLICY_READ,
    ],
    read: IAM_POLICY_READ,
    update: [
      {
        action: "iam:ListPolicyVersions",
        api: "ListPolicyVersions",
        on: "self",
        when: "an attribute other than tags changed",
        source: "internal/service/iam/policy.go policyPruneVersions",
      },
      {
        action: "iam:DeletePolicyVersion",
        api: "DeletePolicyVersion",
        on: "self",
        when: "the policy already has 5 versions: the oldest non-default one goes",
        source: "internal/service/iam/policy.go policyPruneVersions, policyDeleteVersion",
      },
      {
        action: "iam:CreatePolicyVersion",
        api: "CreatePolicyVersion",
        on: "self",
        when: "an attribute other than tags changed (SetAsDefault true)",
      },
      {
        action: "iam:SetDefaultPolicyVersion",
        api: "SetDefaultPolicyVersion",
        on: "self",
        when: "delay_after_policy_creation_in_ms set (the program does not set it)",
      },
      ...IAM_POLICY_READ,
    ],
    delete: [
      {
        action: "iam:ListPolicyVersions",
        api: "ListPolicyVersions",
        on: "self",
        ignores: "NoSuchEntityException (nothing to delete)",
      },
      {
        action: "iam:DeletePolicyVersion",
        api: "DeletePolicyVersion",
        on: "self",
        when: "the policy has versions besides the default one",
      },
      { action: "iam:DeletePolicy", api: "DeletePolicy", on: "self", ignores: "NoSuchEntityException" },
    ],
    tags: iamTagCalls("CreatePolicy", "TagPolicy", "UntagPolicy"),
    notes: "The bootstrap's permissions boundaries (job-boundary-<env>).",
  },
  {
    type: "aws:iam/role:Role",
    terraformType: "aws_iam_role",
    source:
      "internal/service/iam/role.go resourceRoleCreate/Read/Update/Delete, retryCreateRole, deleteRole, deleteRoleInstanceProfiles, readRoleInlinePolicies; internal/service/iam/instance_profiles_data_source.go findInstanceProfilesForRole; @Tags(identifierAttribute=name, resourceType=Role)",
    docs: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html"],
    create: [
      {
        action: "iam:CreateRole",
        api: "CreateRole",
        on: "self",
        conditionKeys: ["iam:PermissionsBoundary"],
        note: "iam:PermissionsBoundary is the boundary ARN when permissionsBoundary is set (the job and crawler roles when the stack has lakehouse:permissionsBoundaryArn). Retried on MalformedPolicyDocument 'Invalid principal' and ConcurrentModification.",
      },
      ...IAM_ROLE_READ,
    ],
    read: IAM_ROLE_READ,
    update: [
      {
        action: "iam:UpdateAssumeRolePolicy",
        api: "UpdateAssumeRolePolicy",
        on: "self",
        when: "assumeRolePolicy changed",
      },
      {
        action: "iam:UpdateRoleDescription",
        api: "UpdateRoleDescription",
        on: "self",
        when: "description changed",
      },
      { action: "iam:UpdateRole", api: "UpdateRole", on: "self", when: "maxSessionDuration changed" },
      {
        action: "iam:PutRolePermissionsBoundary",
        api: "PutRolePermissionsBoundary",
        on: "self",
        when: "permissionsBoundary changed to a new ARN",
        conditionKeys: ["iam:PermissionsBoundary"],
      },
      {
        action: "iam:DeleteRolePermissionsBoundary",
        api: "DeleteRolePermissionsBoundary",
        on: "self",
        when: "permissionsBoundary removed",
        conditionKeys: ["iam:PermissionsBoundary"],
      },
      ...IAM_ROLE_READ,
    ],
    delete: [
      {
        action: "iam:ListInstanceProfilesForRole",
        api: "ListInstanceProfilesForRole",
        on: "self",
        ignores: "NoSuchEntityException",
        source: "internal/service/iam/role.go deleteRoleInstanceProfiles",
      },
      {
        action: "iam:RemoveRoleFromInstanceProfile",
        api: "RemoveRoleFromInstanceProfile",
        on: "self",
        when: "the role is in an instance profile (never for this project's roles)",
        note: "Also authorized on the instance profile's ARN.",
      },
      {
        action: "iam:ListAttachedRolePolicies",
        api: "ListAttachedRolePolicies",
        on: "self",
        when: "forceDetachPolicies or managedPolicyArns set (neither in this program)",
      },
      {
        action: "iam:DetachRolePolicy",
        api: "DetachRolePolicy",
        on: "self",
        when: "forceDetachPolicies or managedPolicyArns set, and a managed policy is attached",
        conditionKeys: ["iam:PolicyARN", "iam:PermissionsBoundary"],
      },
      {
        action: "iam:ListRolePolicies",
        api: "ListRolePolicies",
        on: "self",
        when: "forceDetachPolicies, or the state's inline_policy is not empty: it is once a refresh or an update of the role ran after its RolePolicy resources existed",
        note: "inline_policy is Optional+Computed and resourceRoleRead stores the inline policies it finds when the config names none, so the program's roles (forceDetachPolicies false) reach this after their first refresh. ListRolePolicies is granted for every read anyway.",
      },
      {
        action: "iam:DeleteRolePolicy",
        api: "DeleteRolePolicy",
        on: "self",
        when: "ListRolePolicies still finds a policy (normally none: Pulumi deletes the RolePolicy resources first)",
        conditionKeys: ["iam:PermissionsBoundary"],
      },
      {
        action: "iam:DeleteRole",
        api: "DeleteRole",
        on: "self",
        ignores: "NoSuchEntityException; DeleteConflictException is retried",
        conditionKeys: ["iam:PermissionsBoundary"],
      },
    ],
    tags: iamTagCalls("CreateRole", "TagRole", "UntagRole"),
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    terraformType: "aws_iam_role_policy",
    source:
      "internal/service/iam/role_policy.go resourceRolePolicyPut (Create and Update), resourceRolePolicyRead/Delete, findRolePolicyByTwoPartKey",
    create: [
      { action: "iam:PutRolePolicy", api: "PutRolePolicy", on: "role", conditionKeys: ["iam:PermissionsBoundary"] },
      {
        ...IAM_ROLE_POLICY_READ[0]!,
        note: "Retried until the new policy is visible, then read once more.",
      },
    ],
    read: IAM_ROLE_POLICY_READ,
    update: [
      { action: "iam:PutRolePolicy", api: "PutRolePolicy", on: "role", conditionKeys: ["iam:PermissionsBoundary"] },
      ...IAM_ROLE_POLICY_READ,
    ],
    delete: [
      {
        action: "iam:DeleteRolePolicy",
        api: "DeleteRolePolicy",
        on: "role",
        ignores: "NoSuchEntityException",
        conditionKeys: ["iam:PermissionsBoundary"],
      },
    ],
    tags: [],
    notes:
      "Not taggable. iam:PermissionsBoundary is the role's boundary, so a deploy role can be limited to policies of bounded roles.",
  },
];

// ---------------------------------------------------------------------------------------------------------------
// KMS
// ---------------------------------------------------------------------------------------------------------------

const KMS_TAGS_GEN =
  "internal/service/kms/tags_gen.go (generate.go: -ListTagsOp=ListResourceTags -UpdateTags -Wait) listTags, updateTags, waitTagsPropagated";

const kmsOnKey = (action: string, api: string, extra: Partial<ProviderCall> = {}): ProviderCall => ({
  action: `kms:${action}`,
  api,
  on: "key",
  ...extra,
});

const KMS_KEY_READ: readonly ProviderCall[] = [
  kmsOnKey("DescribeKey", "DescribeKey", { source: "internal/service/kms/key.go findKeyInfo, findKeyByID" }),
  kmsOnKey("GetKeyPolicy", "GetKeyPolicy", {
    source: "internal/service/kms/key.go findKeyInfo, findKeyPolicyByTwoPartKey",
  }),
  kmsOnKey("GetKeyRotationStatus", "GetKeyRotationStatus", {
    when: "origin AWS_KMS (every key here)",
    source: "internal/service/kms/key.go findKeyInfo, findKeyRotationEnabledByKeyID",
  }),
  kmsOnKey("ListResourceTags", "ListResourceTags", {
    note: "The tags come from this call (setTagsOut), so the interceptor lists nothing more.",
    source: `internal/service/kms/key.go findKeyInfo; ${KMS_TAGS_GEN}`,
  }),
];

const KMS_ALIAS_READ: readonly ProviderCall[] = [
  {
    action: "kms:ListAliases",
    api: "ListAliases",
    on: "none",
    note: "Pages through every alias of the account and region to find this one.",
    source: "internal/service/kms/alias.go findAliasByName, findAliases",
  },
];

const KMS: readonly ResourceCallSequence[] = [
  {
    type: "aws:kms/alias:Alias",
    terraformType: "aws_kms_alias",
    source: "internal/service/kms/alias.go resourceAliasCreate/Read/Update/Delete, findAliasByName",
    docs: ["https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html"],
    create: [
      {
        action: "kms:CreateAlias",
        api: "CreateAlias",
        on: "alias",
        also: ["key"],
        note: "The alias in an IAM policy, the key in its key policy (or IAM if delegated). Retried on NotFoundException while the key propagates.",
      },
      ...KMS_ALIAS_READ,
    ],
    read: KMS_ALIAS_READ,
    update: [
      {
        action: "kms:UpdateAlias",
        api: "UpdateAlias",
        on: "alias",
        also: ["key", "previous-key"],
        when: "targetKeyId changed",
      },
      ...KMS_ALIAS_READ,
    ],
    delete: [
      { action: "kms:DeleteAlias", api: "DeleteAlias", on: "alias", also: ["key"], ignores: "NotFoundException" },
    ],
    tags: [],
    notes: "Aliases are not taggable. aws:ResourceTag on the key applies to the `key` half of CreateAlias/DeleteAlias.",
  },
  {
    type: "aws:kms/key:Key",
    terraformType: "aws_kms_key",
    source:
      "internal/service/kms/key.go resourceKeyCreate/Read/Update/Delete, findKeyInfo, updateKeyRotationEnabled, updateKeyEnabled, updateKeyDescription, updateKeyPolicy, waitKey*; internal/service/kms/wait.go waitIAMPropagation; @Tags(identifierAttribute=id)",
    docs: [
      "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html",
      "https://docs.aws.amazon.com/kms/latest/developerguide/manage-tags-api.html",
      "https://docs.aws.amazon.com/kms/latest/developerguide/tag-permissions.html",
    ],
    create: [
      {
        action: "kms:CreateKey",
        api: "CreateKey",
        on: "none",
        conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys", "kms:KeySpec", "kms:KeyUsage", "kms:KeyOrigin"],
        note: "Carries the description, the policy and the tags. KMS refuses a policy that would not let the caller call kms:PutKeyPolicy (lockout check; bypass false); the provider retries MalformedPolicyDocumentException until the create timeout.",
      },
      kmsOnKey("EnableKeyRotation", "EnableKeyRotation", {
        when: "enableKeyRotation (both keys here)",
        source: "internal/service/kms/key.go updateKeyRotationEnabled",
      }),
      kmsOnKey("GetKeyRotationStatus", "GetKeyRotationStatus", {
        when: "enableKeyRotation: polled until 5 answers in a row agree",
        source: "internal/service/kms/key.go waitKeyRotationEnabledPropagated",
      }),
      kmsOnKey("DisableKey", "DisableKey", {
        when: "isEnabled false (not in this program)",
        source: "internal/service/kms/key.go updateKeyEnabled",
      }),
      kmsOnKey("DescribeKey", "DescribeKey", {
        when: "isEnabled false: polled until the state settles",
        source: "internal/service/kms/key.go waitKeyStatePropagated",
      }),
      kmsOnKey("GetKeyPolicy", "GetKeyPolicy", {
        when: "policy set (the stack key; not the bootstrap's state key): polled until 5 answers in a row match",
        source: "internal/service/kms/key.go waitKeyPolicyPropagated",
      }),
      ...KMS_KEY_READ,
    ],
    read: KMS_KEY_READ,
    update: [
      kmsOnKey("EnableKey", "EnableKey", { when: "isEnabled changed to true" }),
      kmsOnKey("EnableKeyRotation", "EnableKeyRotation", {
        when: "enableKeyRotation changed to true, or rotationPeriodInDays changed",
      }),
      kmsOnKey("DisableKeyRotation", "DisableKeyRotation", { when: "enableKeyRotation changed to false" }),
      kmsOnKey("GetKeyRotationStatus", "GetKeyRotationStatus", {
        when: "rotation changed: polled",
        source: "internal/service/kms/key.go waitKeyRotationEnabledPropagated",
      }),
      kmsOnKey("UpdateKeyDescription", "UpdateKeyDescription", { when: "description changed" }),
      kmsOnKey("PutKeyPolicy", "PutKeyPolicy", {
        when: "policy changed",
        conditionKeys: ["kms:BypassPolicyLockoutSafetyCheck"],
      }),
      kmsOnKey("GetKeyPolicy", "GetKeyPolicy", {
        when: "policy changed: polled",
        source: "internal/service/kms/key.go waitKeyPolicyPropagated",
      }),
      kmsOnKey("DisableKey", "DisableKey", { when: "isEnabled changed to false" }),
      kmsOnKey("DescribeKey", "DescribeKey", {
        when: "isEnabled or description changed: polled",
        source: "internal/service/kms/key.go waitKeyStatePropagated, waitKeyDescriptionPropagated",
      }),
      ...KMS_KEY_READ,
    ],
    delete: [
      kmsOnKey("ScheduleKeyDeletion", "ScheduleKeyDeletion", {
        conditionKeys: ["kms:ScheduleKeyDeletionPendingWindowInDays"],
        ignores: "NotFoundException; KMSInvalidStateException 'is pending deletion'",
        note: "PendingWindowInDays is deletionWindowInDays (30 here).",
      }),
      kmsOnKey("DescribeKey", "DescribeKey", {
        note: "Polled until the key is PendingDeletion.",
        source: "internal/service/kms/key.go waitKeyDeleted, statusKeyState",
      }),
    ],
    tags: [
      {
        action: "kms:TagResource",
        api: "CreateKey with Tags",
        on: "account-keys",
        when: "tags set on create",
        conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
        note: "KMS docs: the caller needs kms:TagResource in an IAM policy that covers all keys of the account and region (manage-tags-api.html, tag-permissions.html).",
      },
      kmsOnKey("ListResourceTags", "ListResourceTags", {
        when: "tags set on create: polled until the tags show (5 answers in a row)",
        source: `internal/service/kms/key.go resourceKeyCreate; ${KMS_TAGS_GEN}`,
      }),
      kmsOnKey("TagResource", "TagResource", {
        when: "tags added or changed on update",
        conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
        source: `${TAGS_INTERCEPTOR}; ${KMS_TAGS_GEN}`,
      }),
      kmsOnKey("UntagResource", "UntagResource", {
        when: "tags removed on update",
        conditionKeys: ["aws:TagKeys"],
        source: `${TAGS_INTERCEPTOR}; ${KMS_TAGS_GEN}`,
      }),
      kmsOnKey("ListResourceTags", "ListResourceTags", {
        when: "tags changed on update: polled until the new tags show",
        source: KMS_TAGS_GEN,
      }),
    ],
    notes:
      "Every call after CreateKey is authorized on the key: by its key policy, and by IAM policies only when the key policy allows the account (arn:...:root) kms:*. aws:ResourceTag conditions on those calls see the tags CreateKey set.",
  },
];

// ---------------------------------------------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------------------------------------------

const S3_NOT_SUPPORTED = "MethodNotAllowed, NotImplemented, XNotImplemented (S3-compatible endpoints)";
const S3_TAGS = "internal/service/s3/tags.go servicePackage.ListTags/UpdateTags (resource type Bucket)";

const bucketRead = (action: string, api: string, ignores: string, extra: Partial<ProviderCall> = {}): ProviderCall => ({
  action,
  api,
  on: "self",
  ignores,
  source: "internal/service/s3/bucket.go resourceBucketRead",
  ...extra,
});

/** resourceBucketRead: every GetBucket* it makes, in order. None survives an AccessDenied in the aws partition. */
const S3_BUCKET_READ: readonly ProviderCall[] = [
  bucketRead("s3:ListBucket", "HeadBucket", "404 / NoSuchBucket (the bucket is gone: removed from state on refresh)", {
    source: "internal/service/s3/bucket.go resourceBucketRead, findBucket",
  }),
  bucketRead("s3:GetBucketPolicy", "GetBucketPolicy", `NoSuchBucketPolicy; ${S3_NOT_SUPPORTED}`),
  bucketRead("s3:GetBucketAcl", "GetBucketAcl", S3_NOT_SUPPORTED),
  bucketRead("s3:GetBucketCORS", "GetBucketCors", `NoSuchCORSConfiguration; ${S3_NOT_SUPPORTED}`),
  bucketRead("s3:GetBucketWebsite", "GetBucketWebsite", `NoSuchWebsiteConfiguration; ${S3_NOT_SUPPORTED}`),
  bucketRead("s3:GetBucketVersioning", "GetBucketVersioning", S3_NOT_SUPPORTED),
  bucketRead(
    "s3:GetAccelerateConfiguration",
    "GetBucketAccelerateConfiguration",
    `${S3_NOT_SUPPORTED}, UnsupportedArgument, UnsupportedOperation`,
  ),
  bucketRead("s3:GetBucketRequestPayment", "GetBucketRequestPayment", S3_NOT_SUPPORTED),
  bucketRead("s3:GetBucketLogging", "GetBucketLogging", S3_NOT_SUPPORTED),
  bucketRead(
    "s3:GetLifecycleConfiguration",
    "GetBucketLifecycleConfiguration",
    `NoSuchLifecycleConfiguration; ${S3_NOT_SUPPORTED}`,
  ),
  bucketRead(
    "s3:GetReplicationConfiguration",
    "GetBucketReplication",
    `ReplicationConfigurationNotFoundError; ${S3_NOT_SUPPORTED}`,
  ),
  bucketRead(
    "s3:GetEncryptionConfiguration",
    "GetBucketEncryption",
    `ServerSideEncryptionConfigurationNotFoundError; ${S3_NOT_SUPPORTED}, UnsupportedOperation`,
  ),
  bucketRead(
    "s3:GetBucketObjectLockConfiguration",
    "GetObjectLockConfiguration",
    `ObjectLockConfigurationNotFoundError; ${S3_NOT_SUPPORTED}; any error at all (AccessDenied too) only outside the aws and aws-us-gov partitions`,
  ),
  bucketRead("s3:ListBucket", "HeadBucket (manager.GetBucketRegion)", "BucketNotFound", {
    note: "Reads the x-amz-bucket-region header, which S3 also sends on a 403; the first HeadBucket needs s3:ListBucket anyway.",
    source: "internal/service/s3/bucket.go resourceBucketRead, findBucketRegion",
  }),
];

/** The interceptor's tag listing after every bucket Create, Read and Update (resourceBucketRead sets no tags). */
const S3_BUCKET_LIST_TAGS: readonly ProviderCall[] = [
  {
    action: "s3:ListTagsForResource",
    api: "ListTagsForResource (S3 Control)",
    on: "self",
    tolerated:
      "AccessDenied whose message says 'is not authorized to perform: s3:ListTagsForResource' (and MethodNotAllowed): the provider falls back to GetBucketTagging",
    source: `${TAGS_INTERCEPTOR}; ${S3_TAGS}`,
  },
  {
    action: "s3:GetBucketTagging",
    api: "GetBucketTagging",
    on: "self",
    when: "s3:ListTagsForResource was denied (one of the two must be granted)",
    ignores: `NoSuchTagSet; ${S3_NOT_SUPPORTED}, UnsupportedOperation`,
    source: "internal/service/s3/tags.go bucketListTags",
  },
];

const S3_BUCKET_VERSIONING_READ: readonly ProviderCall[] = [
  {
    action: "s3:GetBucketVersioning",
    api: "GetBucketVersioning",
    on: "bucket",
    note: "Polled until the status is steady.",
    source: "internal/service/s3/bucket_versioning.go waitForBucketVersioningStatus, findBucketVersioning",
  },
];

const s3OnBucket = (action: string, api: string, extra: Partial<ProviderCall> = {}): ProviderCall => ({
  action,
  api,
  on: "bucket",
  ...extra,
});

const S3_OBJECT_READ: readonly ProviderCall[] = [
  {
    action: "s3:GetObject",
    api: "HeadObject",
    on: "object",
    ignores: "404 (the object is gone: removed from state on refresh)",
    note: "HEAD of an SSE-KMS object needs no KMS permission.",
    source: "internal/service/s3/object.go resourceObjectRead, findObject",
  },
  {
    action: "s3:GetObjectTagging",
    api: "GetObjectTagging",
    on: "object",
    ignores: "NoSuchTagSet",
    source: `${TAGS_INTERCEPTOR}; internal/service/s3/tags.go objectListTags`,
  },
];

const S3_OBJECT_UPLOAD: readonly ProviderCall[] = [
  {
    action: "s3:PutObject",
    api: "PutObject (manager.Uploader)",
    on: "object",
    note: "A single PutObject below the uploader's 5 MiB part size (every generated script); larger content goes multipart (CreateMultipartUpload/UploadPart/CompleteMultipartUpload, all s3:PutObject; s3:AbortMultipartUpload on failure).",
    source: "internal/service/s3/object.go resourceObjectUpload",
  },
  {
    action: "kms:GenerateDataKey",
    api: "PutObject into an SSE-KMS bucket (S3 calls KMS as the caller)",
    on: "bucket-kms-key",
    when: "the bucket's default encryption is SSE-KMS (lakehouse:kmsKeyArn set)",
    conditionKeys: ["kms:ViaService", "kms:EncryptionContext:aws:s3:arn"],
    note: "With bucket keys on, the context is the bucket ARN. A multipart upload also needs kms:Decrypt.",
  },
];

const S3: readonly ResourceCallSequence[] = [
  {
    type: "aws:s3/bucket:Bucket",
    terraformType: "aws_s3_bucket",
    source:
      "internal/service/s3/bucket.go resourceBucketCreate/Read/Update/Delete, findBucket, findBucketRegion; internal/service/s3/delete.go emptyBucket, deletePage; internal/service/s3/tags.go; @Tags(identifierAttribute=bucket, resourceType=Bucket)",
    docs: [
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html",
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html",
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html",
      "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    ],
    create: [
      s3OnBucket("s3:ListBucket", "HeadBucket", {
        on: "self",
        when: "region us-east-1: checks the name is free first",
        source: "internal/service/s3/bucket.go resourceBucketCreate, findBucket",
      }),
      {
        action: "s3:CreateBucket",
        api: "CreateBucket",
        on: "self",
        conditionKeys: ["s3:x-amz-acl", "s3:LocationConstraint"],
        note: "Sends ACL private: CreateBucket docs say a private canned ACL needs no s3:PutBucketAcl. Retried on OperationAborted.",
      },
      s3OnBucket("s3:ListBucket", "HeadBucket", {
        on: "self",
        note: "Polled until the new bucket is visible.",
        source: "internal/service/s3/bucket.go resourceBucketCreate, findBucket",
      }),
      ...S3_BUCKET_READ,
      ...S3_BUCKET_LIST_TAGS,
    ],
    read: [...S3_BUCKET_READ, ...S3_BUCKET_LIST_TAGS],
    update: [...S3_BUCKET_READ, ...S3_BUCKET_LIST_TAGS],
    delete: [
      {
        action: "s3:DeleteBucket",
        api: "DeleteBucket",
        on: "self",
        ignores: "NoSuchBucket; BucketNotEmpty leads to emptying when forceDestroy",
      },
      {
        action: "s3:ListBucketVersions",
        api: "ListObjectVersions",
        on: "self",
        when: "forceDestroy and the bucket is not empty (twice: versions, then delete markers)",
        source: "internal/service/s3/delete.go emptyBucket, forEachObjectVersionsPage",
      },
      {
        action: "s3:DeleteObject",
        api: "DeleteObjects",
        on: "bucket-objects",
        when: "forceDestroy and the bucket is not empty",
        note: "DeleteObjects docs: s3:DeleteObject is always needed; the provider names every version.",
        source: "internal/service/s3/delete.go deletePage",
      },
      {
        action: "s3:DeleteObjectVersion",
        api: "DeleteObjects with VersionId (DeleteObject for keys outside the XML character range)",
        on: "bucket-objects",
        when: "forceDestroy and the bucket is not empty",
        source: "internal/service/s3/delete.go deletePage, deleteObjectVersion",
      },
      {
        action: "s3:PutObjectLegalHold",
        api: "PutObjectLegalHold",
        on: "bucket-objects",
        when: "forceDestroy, object lock enabled, and a version's delete was denied (not in this program)",
        source: "internal/service/s3/delete.go deletePage",
      },
      {
        action: "s3:ListBucket",
        api: "HeadBucket",
        on: "self",
        note: "Polled until 404 after DeleteBucket.",
        source: "internal/service/s3/bucket.go resourceBucketDelete, findBucket",
      },
    ],
    tags: [
      {
        action: "s3:TagResource",
        api: "CreateBucket with CreateBucketConfiguration.Tags",
        on: "self",
        when: "tags set on create",
        tolerated:
          "AccessDenied naming s3:TagResource: the provider creates the bucket without tags, then calls PutBucketTagging",
        conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"],
      },
      {
        action: "s3:PutBucketTagging",
        api: "PutBucketTagging",
        on: "self",
        when: "tags set on create and s3:TagResource was denied",
        source: "internal/service/s3/tags.go bucketCreateTags",
      },
      {
        action: "s3:TagResource",
        api: "TagResource (S3 Control)",
        on: "self",
        when: "tags added or changed on update",
        tolerated:
          "AccessDenied naming s3:TagResource or s3:UntagResource (and MethodNotAllowed): falls back to GetBucketTagging + PutBucketTagging/DeleteBucketTagging",
        source: `${TAGS_INTERCEPTOR}; ${S3_TAGS}`,
      },
      {
        action: "s3:UntagResource",
        api: "UntagResource (S3 Control)",
        on: "self",
        when: "tags removed on update",
        tolerated: "As for TagResource: falls back to the bucket tagging APIs",
        source: `${TAGS_INTERCEPTOR}; ${S3_TAGS}`,
      },
      {
        action: "s3:GetBucketTagging",
        api: "GetBucketTagging",
        on: "self",
        when: "tags changed on update and the S3 Control tagging call was denied",
        source: "internal/service/s3/tags.go bucketUpdateTags",
      },
      {
        action: "s3:PutBucketTagging",
        api: "PutBucketTagging / DeleteBucketTagging",
        on: "self",
        when: "tags changed on update and the S3 Control tagging call was denied",
        note: "DeleteBucketTagging is authorized as s3:PutBucketTagging.",
        source: "internal/service/s3/tags.go bucketUpdateTags",
      },
    ],
    notes:
      "resourceBucketCreate ends with resourceBucketUpdate, which calls nothing for this program: its Put*/Delete* calls serve only the deprecated inline attributes (policy, versioning, lifecycle_rule...), which the program never sets (it uses the separate resources below). forceDestroy is state only. resourceBucketRead's GetBucket* calls ignore only 'not configured' and 'not implemented' answers: an AccessDenied on any of them fails create and refresh.",
  },
  {
    type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    terraformType: "aws_s3_bucket_lifecycle_configuration",
    source:
      "internal/service/s3/bucket_lifecycle_configuration.go bucketLifecycleConfigurationResource.Create/Read/Update/Delete, findBucketLifecycleConfiguration, waitLifecycleConfigEquals (Plugin Framework)",
    docs: ["https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketLifecycle.html"],
    create: [
      s3OnBucket("s3:PutLifecycleConfiguration", "PutBucketLifecycleConfiguration", {
        note: "Retried on NoSuchBucket for the bucket propagation timeout.",
      }),
      s3OnBucket("s3:GetLifecycleConfiguration", "GetBucketLifecycleConfiguration", {
        note: "Polled until the rules equal the request; the state comes from this, no separate read.",
        source: "internal/service/s3/bucket_lifecycle_configuration.go waitLifecycleConfigEquals",
      }),
    ],
    read: [
      s3OnBucket("s3:GetLifecycleConfiguration", "GetBucketLifecycleConfiguration", {
        ignores: "NoSuchLifecycleConfiguration / NoSuchBucket (gone: removed from state)",
        note: "Retried until the rules are steady.",
      }),
    ],
    update: [
      s3OnBucket("s3:PutLifecycleConfiguration", "PutBucketLifecycleConfiguration"),
      s3OnBucket("s3:GetLifecycleConfiguration", "GetBucketLifecycleConfiguration", {
        note: "Polled until the rules equal the request.",
        source: "internal/service/s3/bucket_lifecycle_configuration.go waitLifecycleConfigEquals",
      }),
    ],
    delete: [
      s3OnBucket("s3:PutLifecycleConfiguration", "DeleteBucketLifecycle", {
        ignores: "NoSuchBucket, NoSuchLifecycleConfiguration, MethodNotAllowed",
        note: "DeleteBucketLifecycle is authorized as s3:PutLifecycleConfiguration.",
      }),
      s3OnBucket("s3:GetLifecycleConfiguration", "GetBucketLifecycleConfiguration", {
        note: "Polled until NoSuchLifecycleConfiguration.",
      }),
    ],
    tags: [],
  },
  {
    type: "aws:s3/bucketObjectv2:BucketObjectv2",
    terraformType: "aws_s3_object",
    source:
      "internal/service/s3/object.go resourceObjectCreate/Read/Update/Delete, resourceObjectUpload, findObject; internal/service/s3/delete.go deleteAllObjectVersions, deleteObjectVersion; internal/service/s3/tags.go objectListTags/objectUpdateTags; @Tags(identifierAttribute=arn, resourceType=Object)",
    docs: [
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html",
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html",
      "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
    ],
    create: [...S3_OBJECT_UPLOAD, ...S3_OBJECT_READ],
    read: S3_OBJECT_READ,
    update: [
      ...S3_OBJECT_UPLOAD.map((c) => ({
        ...c,
        when: c.when ?? "content, contentType or another content attribute changed",
      })),
      ...S3_OBJECT_READ,
    ],
    delete: [
      {
        action: "s3:DeleteObject",
        api: "DeleteObject",
        on: "object",
        when: "the state has no version_id (unversioned bucket)",
        ignores: "NoSuchBucket, NoSuchKey",
        source: "internal/service/s3/delete.go deleteObjectVersion",
      },
      {
        action: "s3:ListBucketVersions",
        api: "ListObjectVersions (Prefix = key)",
        on: "bucket",
        when: "the state has a version_id (versioned bucket): twice, versions then delete markers",
        source: "internal/service/s3/delete.go deleteAllObjectVersions",
      },
      {
        action: "s3:DeleteObjectVersion",
        api: "DeleteObject with VersionId",
        on: "object",
        when: "the state has a version_id (versioned bucket): every version and delete marker of the key",
        ignores: "NoSuchBucket, NoSuchKey",
        source: "internal/service/s3/delete.go deleteAllObjectVersions, deleteObjectVersion",
      },
      {
        action: "s3:BypassGovernanceRetention",
        api: "DeleteObject with BypassGovernanceRetention",
        on: "object",
        when: "forceDestroy set on the object (not in this program) and the bucket has object lock",
      },
    ],
    tags: [
      {
        action: "s3:PutObjectTagging",
        api: "PutObject with Tagging",
        on: "object",
        when: "tags set (the upload carries them)",
        conditionKeys: ["s3:RequestObjectTag/${TagKey}", "s3:RequestObjectTagKeys"],
      },
      {
        action: "s3:GetObjectTagging",
        api: "GetObjectTagging",
        on: "object",
        when: "tags changed on update (read before writing)",
        source: "internal/service/s3/tags.go objectUpdateTags",
      },
      {
        action: "s3:PutObjectTagging",
        api: "PutObjectTagging",
        on: "object",
        when: "tags set or changed on update",
        source: `${TAGS_INTERCEPTOR}; internal/service/s3/tags.go objectUpdateTags`,
      },
      {
        action: "s3:DeleteObjectTagging",
        api: "DeleteObjectTagging",
        on: "object",
        when: "all tags removed on update",
        source: `${TAGS_INTERCEPTOR}; internal/service/s3/tags.go objectUpdateTags`,
      },
    ],
    notes:
      "The program's scripts set bucket, key, content and contentType only: no ACL, object lock, KMS key or tags. A content change re-uploads (resourceObjectUpdate, hasObjectContentChanges).",
  },
  {
    type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    terraformType: "aws_s3_bucket_ownership_controls",
    source:
      "internal/service/s3/bucket_ownership_controls.go resourceBucketOwnershipControlsCreate/Read/Update/Delete, findBucketOwnershipControls",
    create: [
      s3OnBucket("s3:PutBucketOwnershipControls", "PutBucketOwnershipControls"),
      s3OnBucket("s3:GetBucketOwnershipControls", "GetBucketOwnershipControls", {
        note: "Polled until visible, then read once more.",
      }),
    ],
    read: [
      s3OnBucket("s3:GetBucketOwnershipControls", "GetBucketOwnershipControls", {
        ignores: "NoSuchBucket, OwnershipControlsNotFoundError (gone: removed from state)",
      }),
    ],
    update: [
      s3OnBucket("s3:PutBucketOwnershipControls", "PutBucketOwnershipControls"),
      s3OnBucket("s3:GetBucketOwnershipControls", "GetBucketOwnershipControls"),
    ],
    delete: [
      s3OnBucket("s3:PutBucketOwnershipControls", "DeleteBucketOwnershipControls", {
        ignores: "NoSuchBucket, OwnershipControlsNotFoundError; OperationAborted is retried",
        note: "DeleteBucketOwnershipControls is authorized as s3:PutBucketOwnershipControls.",
      }),
      s3OnBucket("s3:GetBucketOwnershipControls", "GetBucketOwnershipControls", { note: "Polled until not found." }),
    ],
    tags: [],
  },
  {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    terraformType: "aws_s3_bucket_policy",
    source:
      "internal/service/s3/bucket_policy.go resourceBucketPolicyPut (Create and Update), resourceBucketPolicyRead/Delete, findBucketPolicy",
    create: [
      s3OnBucket("s3:PutBucketPolicy", "PutBucketPolicy", {
        note: "Retried on MalformedPolicy and NoSuchBucket. The bucket's public access block must allow the policy (this one only denies).",
      }),
      s3OnBucket("s3:GetBucketPolicy", "GetBucketPolicy", { note: "Polled until visible, then read once more." }),
    ],
    read: [
      s3OnBucket("s3:GetBucketPolicy", "GetBucketPolicy", {
        ignores: "NoSuchBucket, NoSuchBucketPolicy (gone: removed from state)",
      }),
    ],
    update: [s3OnBucket("s3:PutBucketPolicy", "PutBucketPolicy"), s3OnBucket("s3:GetBucketPolicy", "GetBucketPolicy")],
    delete: [
      s3OnBucket("s3:DeleteBucketPolicy", "DeleteBucketPolicy", { ignores: "NoSuchBucket" }),
      s3OnBucket("s3:GetBucketPolicy", "GetBucketPolicy", { note: "Polled until NoSuchBucketPolicy." }),
    ],
    tags: [],
  },
  {
    type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    terraformType: "aws_s3_bucket_public_access_block",
    source:
      "internal/service/s3/bucket_public_access_block.go resourceBucketPublicAccessBlockCreate/Read/Update/Delete, findPublicAccessBlockConfiguration",
    create: [
      s3OnBucket("s3:PutBucketPublicAccessBlock", "PutPublicAccessBlock"),
      s3OnBucket("s3:GetBucketPublicAccessBlock", "GetPublicAccessBlock", {
        note: "Polled until visible, then read once more.",
      }),
    ],
    read: [
      s3OnBucket("s3:GetBucketPublicAccessBlock", "GetPublicAccessBlock", {
        ignores: "NoSuchBucket, NoSuchPublicAccessBlockConfiguration (gone: removed from state)",
      }),
    ],
    update: [
      s3OnBucket("s3:PutBucketPublicAccessBlock", "PutPublicAccessBlock", {
        note: "No read after update: the provider skips it for eventual consistency.",
      }),
    ],
    delete: [
      s3OnBucket("s3:PutBucketPublicAccessBlock", "DeletePublicAccessBlock", {
        ignores: "NoSuchBucket, NoSuchPublicAccessBlockConfiguration",
        note: "DeletePublicAccessBlock is authorized as s3:PutBucketPublicAccessBlock.",
      }),
      s3OnBucket("s3:GetBucketPublicAccessBlock", "GetPublicAccessBlock", { note: "Polled until not found." }),
    ],
    tags: [],
  },
  {
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    terraformType: "aws_s3_bucket_server_side_encryption_configuration",
    source:
      "internal/service/s3/bucket_server_side_encryption_configuration.go resourceBucketServerSideEncryptionConfigurationCreate/Read/Update/Delete, findServerSideEncryptionConfiguration",
    create: [
      s3OnBucket("s3:PutEncryptionConfiguration", "PutBucketEncryption", {
        note: "Retried on NoSuchBucket and OperationAborted. Unverified: whether S3 checks the caller's access to kmsMasterKeyId (the provider makes no KMS call).",
      }),
      s3OnBucket("s3:GetEncryptionConfiguration", "GetBucketEncryption", {
        note: "Polled until visible, then read once more.",
      }),
    ],
    read: [
      s3OnBucket("s3:GetEncryptionConfiguration", "GetBucketEncryption", {
        ignores: "NoSuchBucket, ServerSideEncryptionConfigurationNotFoundError (gone: removed from state)",
      }),
    ],
    update: [
      s3OnBucket("s3:PutEncryptionConfiguration", "PutBucketEncryption"),
      s3OnBucket("s3:GetEncryptionConfiguration", "GetBucketEncryption"),
    ],
    delete: [
      s3OnBucket("s3:PutEncryptionConfiguration", "DeleteBucketEncryption", {
        ignores: "NoSuchBucket, ServerSideEncryptionConfigurationNotFoundError",
        note: "DeleteBucketEncryption is authorized as s3:PutEncryptionConfiguration; no wait after it.",
      }),
    ],
    tags: [],
  },
  {
    type: "aws:s3/bucketVersioning:BucketVersioning",
    terraformType: "aws_s3_bucket_versioning",
    source:
      "internal/service/s3/bucket_versioning.go resourceBucketVersioningCreate/Read/Update/Delete, waitForBucketVersioningStatus, findBucketVersioning",
    create: [
      s3OnBucket("s3:PutBucketVersioning", "PutBucketVersioning", {
        when: "status is not Disabled (Enabled here)",
        note: "Retried on NoSuchBucket.",
      }),
      ...S3_BUCKET_VERSIONING_READ,
    ],
    read: S3_BUCKET_VERSIONING_READ,
    update: [s3OnBucket("s3:PutBucketVersioning", "PutBucketVersioning"), ...S3_BUCKET_VERSIONING_READ],
    delete: [
      s3OnBucket("s3:PutBucketVersioning", "PutBucketVersioning (Status Suspended)", {
        when: "status is not Disabled",
        ignores: "NoSuchBucket; InvalidBucketState when object lock is on",
        note: "Deleting the resource suspends versioning; it cannot turn it off.",
      }),
    ],
    tags: [],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Invokes and the provider itself
// ---------------------------------------------------------------------------------------------------------------

const GET_CALLER_IDENTITY: ProviderCall = {
  action: "sts:GetCallerIdentity",
  api: "GetCallerIdentity",
  on: "none",
  needsNoGrant:
    "AWS STS docs (API_GetCallerIdentity): no permissions are required, and an explicit deny of sts:GetCallerIdentity does not stop it",
};

const INVOKES: readonly ResourceCallSequence[] = [
  {
    type: "aws:index/getCallerIdentity:getCallerIdentity",
    terraformType: "aws_caller_identity (data source)",
    source: "internal/service/sts/caller_identity_data_source.go callerIdentityDataSource.Read, findCallerIdentity",
    docs: ["https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"],
    create: [],
    read: [GET_CALLER_IDENTITY],
    update: [],
    delete: [],
    tags: [],
    notes: "An invoke: it runs at every preview, update and refresh, so only `read` is filled.",
  },
  {
    type: "aws:index/getPartition:getPartition",
    terraformType: "aws_partition (data source)",
    source: "internal/service/meta/partition_data_source.go partitionDataSource.Read (from the configured region)",
    create: [],
    read: [],
    update: [],
    delete: [],
    tags: [],
    notes: "An invoke that makes no AWS call: the partition comes from the provider's region.",
  },
];

/**
 * What the provider calls when it starts, before any resource: credential validation, which also yields the
 * account ID. Every principal that runs Pulumi (deploy and preview roles) makes it.
 */
export const PROVIDER_SESSION_CALLS: readonly ProviderCall[] = [
  {
    ...GET_CALLER_IDENTITY,
    source:
      "internal/conns/config.go ConfigureProvider via aws-sdk-go-base GetAwsAccountIDAndPartition (not read in this session; skip_credentials_validation is false by default)",
    note: "iam:GetUser / iam:ListRoles are the fallbacks only when STS fails.",
  },
];

/** Every Pulumi type the lakehouse program and the bootstrap use, with the calls the provider makes for it. */
export const PROVIDER_CALLS: readonly ResourceCallSequence[] = [...GLUE, ...IAM, ...KMS, ...S3, ...INVOKES];
