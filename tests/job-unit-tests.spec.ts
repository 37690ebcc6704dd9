/**
 * The jobs' unit tests (jobs/<job>.tests.ts): validation of given/expect rows (no Spark), and one
 * run of every STEDI test through the real generated scripts, in one Spark session, together with
 * a deliberately wrong test that must fail with a readable row diff.
 */
import { expect } from "chai";
import { stediPipeline } from "../jobs/stedi/project";
import { allUnitTests, runUnitTests, type StackUnitTest, type UnitTestRun } from "../src/cli/test-jobs";
import { assertValid, formatUnitTestProblem, unitTests, validateUnitTests } from "../src/dsl";
import { customer, reading } from "../jobs/stedi/unit-test-rows";
import { generatedUnderTest, onGlueVersion, repoRoot } from "./local-run-support";

describe("job unit tests", function () {
  describe("validation (no Spark)", function () {
    const pipeline = assertValid(stediPipeline({ privacy: "standard" }));
    const problemsOf = (
      given: Record<string, readonly Record<string, unknown>[]>,
      expected: Record<string, readonly Record<string, unknown>[]> = { customer_curated: [] },
    ) =>
      validateUnitTests(
        pipeline,
        unitTests("customer_trusted_to_curated", [
          { name: "the test", given: given as never, expect: expected as never },
        ]),
      ).map(formatUnitTestProblem);

    it("accepts the STEDI tests of every stack", function () {
      expect(() => allUnitTests(repoRoot)).not.to.throw();
    });

    it("names the test, the source and the column when a given row has a column the source lacks", function () {
      const problems = problemsOf({
        customer_trusted: [{ ...customer("a@x.com", "s-a", 1), emial: "a@x.com" }],
        accelerometer_trusted: [],
      });
      expect(problems).to.have.length(1);
      expect(problems[0])
        .to.contain('job "customer_trusted_to_curated", unit test "the test", table "customer_trusted", column "emial"')
        .and.to.contain('Did you mean "email"?');
    });

    it("names the column when a given value does not fit its type", function () {
      const problems = problemsOf({
        customer_trusted: [],
        accelerometer_trusted: [{ ...reading("a@x.com", 1), timestamp: "yesterday" }],
      });
      expect(problems).to.have.length(1);
      expect(problems[0])
        .to.contain('table "accelerometer_trusted", column "timestamp"')
        .and.to.contain('"yesterday" is not an integer, and the column is bigint');
    });

    it("wants rows for every table the job reads, and only for those; expected rows only for tables it writes", function () {
      const problems = problemsOf({ customer_trusted: [], accelerometer_trusted_x: [] }, { customer_trusted: [] });
      expect(problems.join("\n"))
        .to.contain(
          'table "accelerometer_trusted_x": given rows for a table the job does not read. Fix: Did you mean "accelerometer_trusted"?',
        )
        .and.to.contain('table "accelerometer_trusted": the job reads this table but the test gives no rows for it.')
        .and.to.contain('table "customer_trusted": expected rows for a table the job does not write.');
    });
  });

  describe(`on local Spark, through the generated scripts${onGlueVersion}`, function () {
    let tests: StackUnitTest[];
    let run: UnitTestRun;
    const WRONG = "a deliberately wrong expectation";

    before(function () {
      tests = allUnitTests(repoRoot);
      const wrong: StackUnitTest = {
        stack: "dev",
        ...unitTests("customer_trusted_to_curated", [
          {
            name: WRONG,
            given: {
              customer_trusted: [customer("a@x.com", "s-a", 1000)],
              accelerometer_trusted: [reading("a@x.com", 1)],
            },
            expect: { customer_curated: [{ email: "b@x.com", serialnumber: "s-a" }] },
          },
        ])[0]!,
      };
      run = runUnitTests([...tests, wrong], repoRoot, false, generatedUnderTest());
      console.log(
        `      ${run.results.length} unit tests in ${run.seconds}s after Spark start-up (${run.sparkStartupSeconds}s)`,
      );
    });

    it("passes every STEDI test, in both stacks", function () {
      const failed = run.results.filter((r) => r.name !== WRONG && r.status !== "passed");
      expect(failed, run.output).to.deep.equal([]);
      expect(run.results.filter((r) => r.name !== WRONG)).to.have.length(tests.length);
    });

    it("gives every STEDI job tests, pinning the edge cases of the data", function () {
      const names = (job: string, stack: string) =>
        tests
          .filter((t) => t.job === job && t.stack === stack)
          .map((t) => t.name)
          .join("\n");
      for (const stack of ["dev", "prod"]) {
        for (const job of stediPipeline({ privacy: "standard" }).jobs.map((j) => j.name))
          expect(names(job, stack), `${job} in ${stack}`).not.to.equal("");
        expect(names("customer_landing_to_trusted", stack)).to.contain("date is null");
        expect(names("customer_trusted_to_curated", stack)).to.contain("without readings");
        expect(names("accelerometer_landing_to_trusted", stack)).to.contain("duplicate readings");
        expect(names("machine_learning_curated", stack)).to.contain("millisecond shared by two customers");
      }
      expect(names("accelerometer_landing_to_trusted", "prod")).to.contain(
        "strict: drops readings taken before consent",
      );
      expect(names("machine_learning_curated", "prod")).to.contain("no PII columns");
    });

    it("fails a wrong expectation with the rows only expected (-) and only produced (+)", function () {
      const wrong = run.results.find((r) => r.name === WRONG)!;
      expect(wrong.status).to.equal("failed");
      const text = wrong.problems.join("\n");
      expect(text).to.contain(
        "customer_curated: expected 1 row, got 1; 1 only expected (-), 1 only produced (+), compared on email, serialnumber",
      );
      expect(text)
        .to.match(/^ {4}- b@x\.com {2}s-a$/m)
        .and.to.match(/^ {4}\+ a@x\.com {2}s-a$/m);
      expect(run.status).to.equal(1);
    });
  });
});
