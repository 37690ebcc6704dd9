/**
 * The policy lint helper: parliament finds real faults, and its two adjustments (trust policies,
 * IAM OIDC providers) hide only parliament's own gaps, not faults in the same documents.
 */
import { expect } from "chai";
import { lintPolicies } from "./helpers/policy-lint";

const doc = (statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const OIDC = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const githubTrust = (condition: Record<string, Record<string, string>>) =>
  doc([
    { Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition },
  ]);

describe("policy lint (parliament)", function () {
  it("passes a scoped identity policy and reports an unknown action, a wrong resource type and Resource *", async function () {
    const findings = await lintPolicies([
      {
        name: "good",
        kind: "identity",
        document: doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k/*" }]),
      },
      {
        name: "unknown-action",
        kind: "identity",
        document: doc([{ Effect: "Allow", Action: "s3:GetObjekt", Resource: "arn:aws:s3:::b/*" }]),
      },
      {
        name: "bucket-arn-for-object-action",
        kind: "identity",
        document: doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b" }]),
      },
      { name: "star", kind: "identity", document: doc([{ Effect: "Allow", Action: "glue:CreateJob", Resource: "*" }]) },
    ]);
    expect(findings.map((f) => [f.name, f.issue])).to.deep.equal([
      ["unknown-action", "UNKNOWN_ACTION"],
      ["bucket-arn-for-object-action", "RESOURCE_MISMATCH"],
      ["star", "RESOURCE_STAR"],
    ]);
    expect(findings[0]).to.include({ severity: "LOW", title: "Unknown action" });
  });

  it("lints a GitHub OIDC trust policy as clean, but still reports a condition key the provider does not have", async function () {
    const good = githubTrust({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:o/r:environment:dev",
      },
    });
    const foreignKey = githubTrust({ StringEquals: { "accounts.example.com:sub": "x" } });
    const findings = await lintPolicies([
      { name: "github", kind: "trust", document: good },
      { name: "foreign-key", kind: "trust", document: foreignKey },
      {
        name: "service",
        kind: "trust",
        document: doc([{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" }]),
      },
    ]);
    expect(findings.map((f) => [f.name, f.issue])).to.deep.equal([["foreign-key", "UNKNOWN_CONDITION_FOR_ACTION"]]);
  });

  it("reports a resource policy with a malformed principal", async function () {
    const findings = await lintPolicies([
      {
        name: "bucket",
        kind: "resource",
        document: doc([
          { Effect: "Deny", Principal: { AWS: "someone" }, Action: "s3:*", Resource: "arn:aws:s3:::b/*" },
        ]),
      },
    ]);
    expect(findings.map((f) => f.issue)).to.deep.equal(["UNKNOWN_PRINCIPAL"]);
  });
});
