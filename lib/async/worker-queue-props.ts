import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ProfileSettings } from '../core/profiles';

/** Location and credentials of the worker's Redis (ElastiCache) idempotency store. */
export interface WorkerRedisOptions {
  /** Host name of the primary endpoint, for example `RedisCache.primaryEndpointAddress`. */
  readonly host: string;

  /**
   * Port of the primary endpoint.
   * @default 6379
   */
  readonly port?: number;

  /**
   * Whether the worker connects with TLS. ElastiCache with in-transit encryption requires it.
   * @default true
   */
  readonly tls?: boolean;

  /**
   * Secret holding the Redis AUTH token. The worker reads it at cold start through the AWS
   * Parameters and Secrets Lambda Extension, so the token never appears in the template or in the
   * function's configuration.
   * @default - no AUTH token
   */
  readonly authToken?: secretsmanager.ISecret;

  /**
   * Field of a JSON secret that contains the token.
   * @default - the whole secret string is the token
   */
  readonly authTokenField?: string;
}

/**
 * A Fargate task definition that the built-in `ecs.run-task` job starts, for work longer than
 * Lambda's 15-minute limit.
 */
export interface WorkerRunTaskTarget {
  /** Cluster the task runs in; its VPC supplies the subnets. */
  readonly cluster: ecs.ICluster;

  /** Task definition to run. The worker may pass only its task role and execution role. */
  readonly taskDefinition: ecs.FargateTaskDefinition;

  /** Container whose command the job overrides. */
  readonly containerName: string;

  /**
   * Subnets of the task, in the cluster's VPC.
   * @default - the private subnets with egress (`PRIVATE_WITH_EGRESS`)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Security groups of the task.
   * @default - a new security group that allows all outbound traffic; see `WorkerQueue.runTaskConnections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** Handling of missing interface endpoints when the worker runs in subnets without egress and calls AWS APIs. */
export enum InterfaceEndpointMode {
  /**
   * Fail synth naming each missing endpoint, unless the VPC already has an interface endpoint for
   * it in this app.
   */
  REQUIRE = 'REQUIRE',
  /** Add the missing interface endpoints to the VPC, in the worker's subnets. */
  CREATE = 'CREATE',
  /** Skip the check: the endpoints exist outside this app, for example in a shared VPC. */
  EXTERNAL = 'EXTERNAL',
}

/** Props of {@link WorkerQueue}. */
export interface WorkerQueueProps {
  /**
   * Profile that supplies the defaults.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;

  // --- queue ----------------------------------------------------------------------------------

  /**
   * Name of the queue: at most 80 characters of letters, digits, hyphens and underscores, ending
   * in `.fifo` exactly when `fifo` is true. The dead-letter queue is named after it with `-dlq`.
   * Changing it replaces both queues.
   * @default - a name derived from the construct path
   */
  readonly queueName?: string;

  /**
   * Whether the queue (and its dead-letter queue) is FIFO: ordered per message group, exactly-once
   * send within the deduplication interval. FIFO event sources take at most 10 messages per batch
   * and no batching window. Changing it replaces both queues.
   * @default false
   */
  readonly fifo?: boolean;

  /**
   * Whether a FIFO queue deduplicates by a SHA-256 hash of the body, so that senders need no
   * deduplication ID. Only valid with `fifo: true`.
   * @default false
   */
  readonly contentBasedDeduplication?: boolean;

  /**
   * Server-side encryption of both queues: `SQS_MANAGED`, `KMS_MANAGED` (the `aws/sqs` key) or
   * `KMS` (a customer managed key, `encryptionKey` or a new one). `UNENCRYPTED` is rejected.
   * @default sqs.QueueEncryption.SQS_MANAGED
   */
  readonly encryption?: sqs.QueueEncryption;

  /**
   * Customer managed key of both queues; only with `encryption: KMS`.
   * @default - a new key with rotation on, when `encryption` is `KMS`
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long the queue keeps a message (60 seconds to 14 days). The dead-letter queue keeps
   * messages for 14 days, and SQS counts that from the original enqueue time.
   * @default Duration.days(4), the SQS default
   */
  readonly retentionPeriod?: Duration;

  /**
   * Deliveries of a message before SQS moves it to the dead-letter queue (1–1000).
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * Visibility timeout of the queue (up to 12 hours). It must be at least the function timeout,
   * and AWS recommends six times the function timeout.
   * @default - 6 × `timeout` + `maxBatchingWindow`, at most 12 hours
   */
  readonly visibilityTimeout?: Duration;

  // --- worker function ------------------------------------------------------------------------

  /**
   * Your own worker entry file (TypeScript or JavaScript), bundled with the local esbuild at
   * synth (no Docker). It should register its job types and re-export `handler` from
   * `cdk-scaleup/dist/lambda`.
   * @default - the built-in worker with the `ecs.run-task` and `example.echo` job types
   */
  readonly entry?: string;

  /**
   * Exported handler function of `entry`.
   * @default 'handler'
   */
  readonly handler?: string;

  /**
   * Lambda runtime of the worker; must be a Node.js runtime.
   * @default lambda.Runtime.NODEJS_26_X
   */
  readonly runtime?: lambda.Runtime;

  /**
   * Function timeout (1–900 seconds).
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;

  /**
   * Function memory, in MB (128–10240). Lambda allocates CPU in proportion.
   * @default 512
   */
  readonly memorySize?: number;

  /**
   * Remaining invocation time below which the worker starts no further job and reports the rest
   * of the batch as failed, so that a timeout never drops a batch unanswered. Must be shorter than `timeout`.
   * @default - 20 percent of `timeout`, at most 30 seconds
   */
  readonly stopBeforeTimeout?: Duration;

  /**
   * X-Ray tracing of the worker.
   * @default lambda.Tracing.DISABLED
   */
  readonly tracing?: lambda.Tracing;

  /**
   * Retention of the worker's log group.
   * @default - the profile's `logRetention` (dev 1 week, prod 3 months)
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Extra plain environment variables of the worker. Never put credentials here.
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Reserved concurrency of the worker. Reserving takes concurrency away from every other function
   * in the account and fails the deploy when the account's unreserved concurrency would drop below
   * 100; prefer `maxConcurrency`.
   * @default - none
   */
  readonly reservedConcurrentExecutions?: number;

  // --- event source ---------------------------------------------------------------------------

  /**
   * Messages per invocation: 1–10 000 for a standard queue, 1–10 for FIFO. More than 10 needs a
   * `maxBatchingWindow` of at least 1 second.
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * Maximum time Lambda gathers messages before invoking the worker (0–300 seconds). Not
   * supported for FIFO queues.
   * @default - none: the worker is invoked as soon as messages arrive
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * Maximum concurrent invocations the event source starts (2–1000). This is the throttle that
   * protects the database and other downstream services from a burst of messages.
   * @default 10
   */
  readonly maxConcurrency?: number;

  // --- network and dependencies -----------------------------------------------------------------

  /**
   * VPC of the worker; required when the worker reaches Redis, Aurora or other private resources.
   * @default - the worker runs outside any VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Subnets of the worker in `vpc`.
   * @default - the private subnets with egress (`PRIVATE_WITH_EGRESS`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the worker in `vpc`.
   * @default - a new security group that allows outbound HTTPS only; the app opens further ports
   *   with `connections`, for example `cache.connections.allowDefaultPortFrom(worker)`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Handling of missing interface endpoints when the worker's subnets have no egress and the
   * worker calls AWS APIs (Secrets Manager for the Redis token, ECS for run-task jobs).
   * @default InterfaceEndpointMode.REQUIRE
   */
  readonly interfaceEndpoints?: InterfaceEndpointMode;

  /**
   * Redis idempotency store. Without it, the worker runs every delivery of a message (at least
   * once), and the construct adds a warning.
   * @default - no idempotency store
   */
  readonly redis?: WorkerRedisOptions;

  /**
   * Target of the built-in `ecs.run-task` job.
   * @default - no target: `ecs.run-task` jobs fail and reach the dead-letter queue
   */
  readonly runTask?: WorkerRunTaskTarget;

  /**
   * Seconds an idempotency record is kept; must be longer than `retentionPeriod`, so that no
   * delivery of a message outlives the record of its effect.
   * @default - the dead-letter queue's 14-day retention plus 1 day: 15 days
   */
  readonly idempotencyTtl?: Duration;
}
