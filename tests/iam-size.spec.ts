/**
 * The guard on each role's inline policy size (AWS: 10,240 characters per role, whitespace not
 * counted). Every job has its own role, so the limit applies per job: the STEDI stacks and a 200-job
 * synthetic pipeline fit in the worst case and pass the whole program under mocks; a job too big for one
 * role is refused with a message naming it, and the program stops before registering anything.
 * tests/infra.spec.ts checks that the guard's sizes match the policies the program really passes to AWS.
 */
import { PROJECTS } from "../jobs";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { syntheticPipeline } from "../bench/synthetic-pipeline";
import { Lakehouse } from "../infra/lakehouse";
import {
  assertRolePoliciesFit,
  policyChars,
  ROLE_INLINE_POLICY_LIMIT,
  RolePolicySizeError,
  rolePolicySizes,
  jobDataAccessDocument,
} from "../infra/role-policies";
import { buildStack } from "../src/build";
import { stackConfigValues } from "../src/cli/stacks";
import { parseStackConfig } from "../src/config/stack-config";
import { assertValid } from "../src/dsl";
import { renderPipeline } from "../src/render";
import type { RenderedPipeline } from "../src/render/types";
import { allRegistered, type CapturedResource, installMocks, settle } from "./infra-harness";

const synthetic = (jobs: number) =>
  renderPipeline(assertValid(syntheticPipeline(jobs)), { stack: "dev", database: "d", options: {} });

/** A pipeline whose first job reads `extra` more external S3 paths, so its role alone outgrows the limit. */
function withGreedyJob(pipeline: RenderedPipeline, extra: number): RenderedPipeline {
  const [first, ...rest] = pipeline.jobs;
  const reads = Array.from({ length: extra }, (_, i) => ({
    bucket: "external" as const,
    uri: `s3://partner-drop-${i}/some/long/prefix/number/${i}/`,
  }));
  return { ...pipeline, jobs: [{ ...first!, readLocations: [...first!.readLocations, ...reads] }, ...rest] };
}

describe("infra: the roles' inline policy size guard", function () {
  for (const stack of ["dev", "prod"]) {
    it(`lets the STEDI ${stack} stack through: every role's worst case is under the limit`, function () {
      const pipeline = buildStack(parseStackConfig(stack, stackConfigValues(stack), PROJECTS));
      const sizes = assertRolePoliciesFit(pipeline);
      expect(sizes.roles.map((r) => r.role)).to.deep.equal([...pipeline.jobs.map((j) => `job:${j.name}`), "crawler"]);
      for (const r of sizes.roles) {
        expect(r.chars).to.be.above(0).and.below(ROLE_INLINE_POLICY_LIMIT);
        expect(r.chars).to.equal(r.byPolicy["data-access"] + r.byPolicy.encryption);
      }
    });
  }

  it("lets a 200-job synthetic pipeline through, every role under the limit (one shared role tripped at 21 jobs)", function () {
    const sizes = assertRolePoliciesFit(synthetic(200));
    expect(sizes.roles).to.have.length(201);
    expect(sizes.largest.chars).to.be.below(ROLE_INLINE_POLICY_LIMIT);
    // The size no longer grows with the pipeline: the largest role of 20 and of 200 jobs is the same.
    expect(sizes.largest.chars).to.equal(rolePolicySizes(synthetic(20)).largest.chars);
  });

  it("refuses a job whose own grants outgrow one role, naming the stack, the role, its size and what to do", function () {
    const pipeline = withGreedyJob(synthetic(5), 60);
    const sizes = rolePolicySizes(pipeline);
    expect(sizes.largest.role).to.equal("job:job_0000");
    expect(sizes.largest.chars).to.be.above(ROLE_INLINE_POLICY_LIMIT);
    expect(() => assertRolePoliciesFit(pipeline))
      .to.throw(RolePolicySizeError)
      .with.property("message")
      .that.matches(/^Stack dev: /)
      .and.includes(`job:job_0000 could reach ${sizes.largest.chars.toLocaleString("en-US")}`)
      .and.includes("limit of 10,240 characters per role")
      .and.includes("split the job into smaller jobs");
  });

  it("counts the crawler's role only where the stack has a crawler: many landing tables outgrow it, not the jobs' roles", function () {
    const pipeline = synthetic(1000); // 100 landing tables
    expect(() => assertRolePoliciesFit(pipeline, true))
      .to.throw(RolePolicySizeError)
      .with.property("message")
      .that.includes("crawler could reach")
      .and.includes("turn lakehouse:crawlers off");
    const withoutCrawler = assertRolePoliciesFit(pipeline, false);
    expect(withoutCrawler.roles).to.have.length(1000);
    expect(withoutCrawler.largest.chars).to.equal(rolePolicySizes(synthetic(20)).largest.chars);
  });

  it("counts as AWS does: minified JSON, whitespace not counted", function () {
    const p = synthetic(3);
    const doc = jobDataAccessDocument(
      p.jobs[0]!,
      p.tables,
      {
        partition: "aws",
        region: "us-east-1",
        accountId: "123456789012",
        database: "d",
        dataBucket: "d",
        assetsBucket: "a",
      },
      "emrfs",
    );
    expect(policyChars(JSON.stringify(doc, null, 2))).to.equal(JSON.stringify(doc).length);
    expect(policyChars(doc)).to.equal(JSON.stringify(doc).length);
  });

  it("stops the Lakehouse before it registers any resource, with the same message", async function () {
    const config = parseStackConfig("dev", stackConfigValues("dev"), PROJECTS);
    const pipeline = withGreedyJob(synthetic(5), 60);
    const registered: CapturedResource[] = [];
    await installMocks("dev", stackConfigValues("dev"), (r) => registered.push(r));
    const tooBig = rolePolicySizes(pipeline).roles.filter((r) => r.chars > ROLE_INLINE_POLICY_LIMIT);
    expect(() => new Lakehouse("stedi-dev", { pipeline, config })).to.throw(
      pulumi.RunError,
      new RolePolicySizeError("dev", tooBig).message,
    );
    await allRegistered();
    expect(registered).to.deep.equal([]);
  });

  it("runs the whole program for a 200-job pipeline under mocks: one role per job, every policy inside the limit", async function () {
    const config = parseStackConfig("dev", stackConfigValues("dev"), PROJECTS);
    const pipeline = synthetic(200);
    const registered: CapturedResource[] = [];
    await installMocks("dev", stackConfigValues("dev"), (r) => registered.push(r));
    const lakehouse = new Lakehouse("stedi-dev", { pipeline, config });
    for (const value of Object.values(lakehouse.outputs)) await settle(value);
    await allRegistered();
    const roles = registered.filter((r) => r.type === "aws:iam/role:Role");
    expect(roles).to.have.length(201); // 200 jobs + the crawler
    const policies = registered.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
    expect(policies).to.have.length(2 * 201);
    const byRole = new Map<string, number>();
    for (const p of policies)
      byRole.set(p.inputs.role, (byRole.get(p.inputs.role) ?? 0) + policyChars(p.inputs.policy));
    expect(byRole.size).to.equal(201);
    expect(Math.max(...byRole.values())).to.be.below(ROLE_INLINE_POLICY_LIMIT);
    for (const r of roles) expect(r.inputs.name.length).to.be.at.most(64);
    expect(registered.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
  });
});
