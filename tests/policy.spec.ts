/**
 * The policy pack: it passes on everything the program creates for both stacks, and each policy
 * fails on a deliberately bad input (and passes on its good twin, so the failure is about the fault).
 */
import { expect } from "chai";
import {
  bucketEncryption,
  bucketGuardrailsComplete,
  bucketPublicAccessBlocked,
  bucketTlsOnly,
  glueJobTimeoutAndSecurity,
  glueVersionAtLeast5,
  noWildcardS3DataAccess,
  resourcePolicies,
  stackPolicies,
  TYPES,
} from "../policy/policies";
import { tlsOnlyPolicy } from "../infra/secure-bucket";
import {
  type CapturedResource,
  policyResource,
  type ProgramRun,
  resourceViolations,
  runProgram,
  stackViolations,
} from "./infra-harness";

const json = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const CUSTOMER_KEY = {
  "lakehouse:kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
};
const PROGRAMS: [string, string, Record<string, string>][] = [
  ["dev", "dev", {}],
  ["prod", "prod", {}],
  ["dev with a customer KMS key", "dev", CUSTOMER_KEY],
];

for (const [label, stack, overrides] of PROGRAMS) {
  describe(`policy: the pack on the ${label} program`, function () {
    let run: ProgramRun;
    before(async function () {
      run = await runProgram(stack, overrides);
    });

    it("passes every resource policy on every resource", async function () {
      const violations: string[] = [];
      for (const r of run.resources)
        for (const p of resourcePolicies)
          for (const v of await resourceViolations(p, r.type, r.state)) violations.push(`${p.name} on ${r.name}: ${v}`);
      expect(violations).to.deep.equal([]);
    });

    it("passes the stack policies", async function () {
      const violations = (
        await Promise.all(stackPolicies.map((p) => stackViolations(p, run.resources.map(policyResource))))
      ).flat();
      expect(violations).to.deep.equal([]);
    });

    it("actually examined the program's buckets, policies and jobs", function () {
      const examined = Object.values(TYPES).filter((t) => run.ofType(t).length);
      expect(examined).to.include.members([
        TYPES.bucket,
        TYPES.encryption,
        TYPES.publicAccessBlock,
        TYPES.ownership,
        TYPES.bucketPolicy,
        TYPES.rolePolicy,
        TYPES.role,
        TYPES.glueJob,
      ]);
    });

    it("fails the stack policy once a bucket loses its TLS-only policy", async function () {
      const dataBucket = run.ofType(TYPES.bucket).find((b) => b.name.endsWith("-data"))!;
      const withoutPolicy = run.resources.filter(
        (r) => !(r.type === TYPES.bucketPolicy && r.state.bucket === dataBucket.state.bucket),
      );
      const violations = await stackViolations(bucketGuardrailsComplete, withoutPolicy.map(policyResource));
      expect(violations).to.deep.equal([`Bucket ${dataBucket.state.bucket} is missing a TLS-only BucketPolicy.`]);
    });
  });
}

describe("policy: each policy on bad inputs", function () {
  const fails = async (
    policy: Parameters<typeof resourceViolations>[0],
    type: string,
    props: Record<string, unknown>,
  ) => {
    const v = await resourceViolations(policy, type, props);
    expect(v, `${policy.name} should fail`).to.have.length.greaterThan(0);
    return v;
  };
  const passes = async (
    policy: Parameters<typeof resourceViolations>[0],
    type: string,
    props: Record<string, unknown>,
  ) => expect(await resourceViolations(policy, type, props), `${policy.name} should pass`).to.deep.equal([]);

  it("s3-bucket-encryption: no rules, or no default algorithm", async function () {
    await passes(bucketEncryption, TYPES.encryption, {
      bucket: "b",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" } }],
    });
    expect(await fails(bucketEncryption, TYPES.encryption, { bucket: "b", rules: [] })).to.match(/no rules/);
    await fails(bucketEncryption, TYPES.encryption, { bucket: "b", rules: [{ bucketKeyEnabled: true }] });
  });

  it("s3-bucket-public-access-blocked: a flag off, ACL ownership, a public ACL", async function () {
    const all = {
      bucket: "b",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    await passes(bucketPublicAccessBlocked, TYPES.publicAccessBlock, all);
    expect(
      await fails(bucketPublicAccessBlocked, TYPES.publicAccessBlock, { ...all, restrictPublicBuckets: false }),
    ).to.deep.equal(["The public access block leaves restrictPublicBuckets off; set all four flags to true."]);
    await passes(bucketPublicAccessBlocked, TYPES.ownership, {
      bucket: "b",
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    await fails(bucketPublicAccessBlocked, TYPES.ownership, { bucket: "b", rule: { objectOwnership: "ObjectWriter" } });
    await fails(bucketPublicAccessBlocked, TYPES.bucket, { bucket: "b", acl: "public-read" });
  });

  it("s3-bucket-tls-only: no deny, a deny that allows TLS-less access to objects, an unreadable policy", async function () {
    await passes(bucketTlsOnly, TYPES.bucketPolicy, { bucket: "b", policy: tlsOnlyPolicy("arn:aws:s3:::b") });
    await fails(bucketTlsOnly, TYPES.bucketPolicy, {
      bucket: "b",
      policy: json([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]),
    });
    const bucketOnly = JSON.parse(tlsOnlyPolicy("arn:aws:s3:::b"));
    bucketOnly.Statement[0].Resource = ["arn:aws:s3:::b"];
    await fails(bucketTlsOnly, TYPES.bucketPolicy, { bucket: "b", policy: JSON.stringify(bucketOnly) });
    await fails(bucketTlsOnly, TYPES.bucketPolicy, { bucket: "b", policy: "{not json" });
  });

  it("s3-bucket-guardrails-complete: a bare bucket", async function () {
    const bare: CapturedResource = {
      type: TYPES.bucket,
      name: "bare",
      urn: "urn:bare",
      inputs: {},
      state: { bucket: "bare-123" },
    };
    expect(await stackViolations(bucketGuardrailsComplete, [policyResource(bare)])).to.deep.equal([
      "Bucket bare-123 is missing a BucketServerSideEncryptionConfiguration, a BucketPublicAccessBlock, a BucketOwnershipControls, a TLS-only BucketPolicy.",
    ]);
  });

  it("iam-no-wildcard-s3-data-access: s3:*, *, s3:Get*, NotAction, and object actions on every resource", async function () {
    const policy = (statement: object) => ({ role: "r", policy: json([statement]) });
    await passes(
      noWildcardS3DataAccess,
      TYPES.rolePolicy,
      policy({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/customer/landing*"] }),
    );
    await passes(
      noWildcardS3DataAccess,
      TYPES.rolePolicy,
      policy({ Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["*"] }),
    );
    await passes(noWildcardS3DataAccess, TYPES.bucketPolicy, { bucket: "b", policy: tlsOnlyPolicy("arn:aws:s3:::b") });
    expect(
      await fails(
        noWildcardS3DataAccess,
        TYPES.rolePolicy,
        policy({ Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }),
      ),
    ).to.deep.equal(["Statement All allows wildcard action s3:*; list the S3 actions needed (e.g. s3:GetObject)."]);
    await fails(noWildcardS3DataAccess, TYPES.policy, policy({ Effect: "Allow", Action: "*", Resource: "*" }));
    await fails(
      noWildcardS3DataAccess,
      TYPES.rolePolicy,
      policy({ Effect: "Allow", Action: ["s3:Get*"], Resource: ["arn:aws:s3:::b/*"] }),
    );
    await fails(
      noWildcardS3DataAccess,
      TYPES.rolePolicy,
      policy({ Effect: "Allow", NotAction: ["iam:*"], Resource: ["*"] }),
    );
    expect(
      await fails(
        noWildcardS3DataAccess,
        TYPES.rolePolicy,
        policy({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }),
      ),
    ).to.match(/on \*; scope it/);
    await fails(noWildcardS3DataAccess, TYPES.role, {
      inlinePolicies: [{ name: "x", policy: json([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]) }],
    });
    await fails(noWildcardS3DataAccess, TYPES.bucketPolicy, {
      bucket: "b",
      policy: json([{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }]),
    });
  });

  it("glue-job-timeout-and-security-configuration: no timeout, no security configuration", async function () {
    const good = { name: "j", glueVersion: "5.0", timeout: 60, securityConfiguration: "sc" };
    await passes(glueJobTimeoutAndSecurity, TYPES.glueJob, good);
    expect(await fails(glueJobTimeoutAndSecurity, TYPES.glueJob, { ...good, timeout: undefined })).to.deep.equal([
      "Glue job j has no timeout; set timeout (minutes), e.g. 60.",
    ]);
    await fails(glueJobTimeoutAndSecurity, TYPES.glueJob, { ...good, securityConfiguration: undefined });
  });

  it("glue-version-at-least-5: 4.0, 3.0 and unset (which Glue reads as 0.9)", async function () {
    const job = (glueVersion?: string) => ({
      name: "j",
      timeout: 60,
      securityConfiguration: "sc",
      ...(glueVersion ? { glueVersion } : {}),
    });
    await passes(glueVersionAtLeast5, TYPES.glueJob, job("5.0"));
    await passes(glueVersionAtLeast5, TYPES.glueJob, job("5.1"));
    for (const old of ["4.0", "3.0", undefined]) await fails(glueVersionAtLeast5, TYPES.glueJob, job(old));
  });

  it("ignores resource types a policy is not about", async function () {
    for (const p of resourcePolicies)
      expect(await resourceViolations(p, "aws:sqs/queue:Queue", { name: "q" })).to.deep.equal([]);
  });
});
