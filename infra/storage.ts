/**
 * The lake's two buckets, both built by SecureBucket:
 * - data: every table lives under `<entity>/<zone>/` (e.g. `customer/landing/`, `customer/trusted/`) and
 *   rejected landing records under `<entity>/rejected/`. Versioned, because overwrite jobs purge
 *   their prefix and a bad run must be recoverable; old versions expire after a configured time.
 * - assets: the job scripts (`scripts/`), Glue's temp dir (`temp/`, expires quickly) and Spark UI event logs
 * (`sparkui/`).
 * Zone prefixes are not created as objects: S3 has no folders, an upload creates the prefix, and a
 * marker object would be deleted by the first overwrite purge (see docs/decisions/infra-zone-prefixes.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../src/config/stack-config";
import { InfraComponent } from "./component-type";
import { ASSETS } from "./naming";
import { SecureBucket } from "./secure-bucket";

/** Spark UI event logs are for debugging recent runs; a month is plenty. */
const SPARK_UI_LOG_DAYS = 30;
/** Multipart uploads left behind by failed runs are invisible but billed. */
const ABORT_INCOMPLETE_UPLOADS = {
  id: "abort-incomplete-uploads",
  status: "Enabled",
  filter: {},
  abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
};

export interface LakeStorageArgs {
  /** ARN partition, for the buckets' TLS-only policies. */
  readonly partition: pulumi.Input<string>;
  readonly storage: StackConfig["storage"];
  /** Configured KMS key: both buckets use SSE-KMS with it. Otherwise SSE-S3. */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export class LakeStorage extends InfraComponent {
  readonly data: SecureBucket;
  readonly assets: SecureBucket;

  constructor(name: string, args: LakeStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("LakeStorage", name, opts);
    const { storage } = args;
    const common = {
      partition: args.partition,
      forceDestroy: storage.forceDestroy,
      ...(args.kmsKeyArn !== undefined ? { kmsKeyArn: args.kmsKeyArn } : {}),
    };

    this.data = new SecureBucket(
      `${name}-data`,
      {
        ...common,
        versioned: true,
        lifecycleRules: [
          {
            id: "expire-old-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: storage.noncurrentVersionRetentionDays },
            expiration: { expiredObjectDeleteMarker: true },
          },
          ABORT_INCOMPLETE_UPLOADS,
        ],
      },
      { parent: this },
    );

    this.assets = new SecureBucket(
      `${name}-assets`,
      {
        ...common,
        // Scripts are content-addressed (the key holds a hash), so older versions are never overwritten.
        versioned: false,
        lifecycleRules: [
          {
            id: "expire-temp-files",
            status: "Enabled",
            filter: { prefix: ASSETS.temp },
            expiration: { days: storage.tempRetentionDays },
          },
          {
            id: "expire-spark-ui-logs",
            status: "Enabled",
            filter: { prefix: ASSETS.sparkUiLogs },
            expiration: { days: SPARK_UI_LOG_DAYS },
          },
          ABORT_INCOMPLETE_UPLOADS,
        ],
      },
      { parent: this },
    );

    this.registerOutputs({ data: this.data.name, assets: this.assets.name });
  }
}
