/**
 * The guard on the Glue role's inline policy size (AWS: 10,240 characters per role, whitespace not
 * counted): the STEDI stacks fit in the worst case, a pipeline too big is refused with a message that
 * says what to do, and the program stops before registering anything. tests/infra.spec.ts checks that
 * the guard's size matches the policies the program really passes to AWS.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { syntheticPipeline } from "../bench/synthetic-pipeline";
import { Lakehouse } from "../infra/lakehouse";
import { assertRolePoliciesFit, policyChars, ROLE_INLINE_POLICY_LIMIT, RolePolicySizeError, rolePolicySize, s3DataAccessDocument } from "../infra/role-policies";
import { deriveS3Access } from "../infra/s3-access";
import { buildStack } from "../src/build";
import { stackConfigValues } from "../src/cli/stacks";
import { parseStackConfig } from "../src/config/stack-config";
import { assertValid } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { allRegistered, type CapturedResource, installMocks } from "./infra-harness";

const synthetic = (jobs: number) => renderPipeline(assertValid(syntheticPipeline(jobs)), { stack: "dev", database: "d", privacy: "standard" });

describe("infra: the Glue role's inline policy size guard", function () {
  for (const stack of ["dev", "prod"]) {
    it(`lets the STEDI ${stack} stack through: its worst case is under the limit`, function () {
      const pipeline = buildStack(parseStackConfig(stack, stackConfigValues(stack)));
      const size = assertRolePoliciesFit(pipeline);
      expect(size.chars).to.be.above(0).and.below(ROLE_INLINE_POLICY_LIMIT);
      expect(size.chars).to.equal(size.byPolicy["data-access"] + size.byPolicy["encryption-and-logs"]);
      expect(size).to.deep.include({ stack, jobs: 5, prefixes: 14 });
    });
  }

  it("refuses a 60-job pipeline with the stack, the sizes, the counts and what to do", function () {
    const pipeline = synthetic(60);
    const size = rolePolicySize(pipeline);
    expect(size.chars).to.be.above(ROLE_INLINE_POLICY_LIMIT);
    expect(() => assertRolePoliciesFit(pipeline))
      .to.throw(RolePolicySizeError)
      .with.property("message")
      .that.matches(/^Stack dev: /)
      .and.includes(`could reach ${size.chars.toLocaleString("en-US")} characters`)
      .and.includes("limit of 10,240 per role")
      .and.includes(`60 jobs and grants ${size.prefixes} S3 prefixes`)
      .and.includes("split the jobs into several pipelines, each deployed as its own stack");
  });

  it("trips between 20 and 21 synthetic jobs (the number the bench header quotes)", function () {
    expect(rolePolicySize(synthetic(20)).chars).to.be.at.most(ROLE_INLINE_POLICY_LIMIT);
    expect(() => assertRolePoliciesFit(synthetic(21))).to.throw(RolePolicySizeError);
  });

  it("counts as AWS does: minified JSON, whitespace not counted", function () {
    const doc = s3DataAccessDocument(deriveS3Access(synthetic(3)), { partition: "aws", dataBucket: "d", assetsBucket: "a" });
    expect(policyChars(JSON.stringify(doc, null, 2))).to.equal(JSON.stringify(doc).length);
    expect(policyChars(doc)).to.equal(JSON.stringify(doc).length);
  });

  it("stops the Lakehouse before it registers any resource, with the same message", async function () {
    const config = parseStackConfig("dev", stackConfigValues("dev"));
    const pipeline = synthetic(60);
    const registered: CapturedResource[] = [];
    await installMocks("dev", stackConfigValues("dev"), (r) => registered.push(r));
    expect(() => new Lakehouse("stedi-dev", { pipeline, config })).to.throw(pulumi.RunError, new RolePolicySizeError(rolePolicySize(pipeline)).message);
    await allRegistered();
    expect(registered).to.deep.equal([]);
  });
});
