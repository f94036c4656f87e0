import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../core/errors';
import {
  checkAllowedValue,
  checkDurationRange,
  checkIntegerRange,
  checkResourceName,
  NameRule,
} from '../core/validation';
import { WorkerQueueDefaults } from './worker-queue-defaults';
import { WorkerQueueProps } from './worker-queue-props';

/**
 * Limits of SQS and of Lambda's SQS event source, from the AWS documentation.
 *
 * - Queue names: SQS CreateQueue QueueName allows up to 80 letters, digits, hyphens and
 *   underscores. A FIFO queue name ends in `.fifo`, and the suffix counts toward the 80.
 * - Retention: CreateQueue MessageRetentionPeriod is 60 to 1,209,600 seconds (14 days).
 * - Visibility timeout: AWS::SQS::Queue VisibilityTimeout is 0 to 43,200 seconds (12 hours).
 * - maxReceiveCount: 1 to 1000 (SQS RedrivePolicy; the AWS MDAA constructs check the same range).
 * - Batch size: "Lambda parameters for Amazon SQS event source mappings" allows up to 10,000
 *   messages for standard queues and 10 for FIFO queues, and no batching window for FIFO queues.
 * - Batching window: MaximumBatchingWindowInSeconds is 0 to 300 seconds. A batch size above 10
 *   needs a window of at least 1 second.
 * - maxConcurrency: ScalingConfig MaximumConcurrency is 2 to 1000.
 * - Function: CreateFunction Timeout is at most 900 seconds, and the Lambda operator guide gives
 *   128 to 10,240 MB of memory.
 */
export const SqsLimits = {
  QUEUE_NAME_MAX_LENGTH: 80,
  MIN_RETENTION_SECONDS: 60,
  MAX_RETENTION_SECONDS: 14 * 24 * 3600,
  MAX_VISIBILITY_TIMEOUT_SECONDS: 12 * 3600,
  MAX_RECEIVE_COUNT: 1000,
  MAX_BATCH_SIZE: 10_000,
  MAX_FIFO_BATCH_SIZE: 10,
  MAX_BATCH_SIZE_WITHOUT_WINDOW: 10,
  MAX_BATCHING_WINDOW_SECONDS: 300,
  MIN_MAX_CONCURRENCY: 2,
  MAX_MAX_CONCURRENCY: 1000,
  MAX_FUNCTION_TIMEOUT_SECONDS: 900,
  MIN_MEMORY_MB: 128,
  // NOTE: newer third-party provider docs list up to 32,768 MB; raise this after checking the
  // Lambda quotas page.
  MAX_MEMORY_MB: 10_240,
} as const;

/** AWS recommends a visibility timeout of at least this many function timeouts. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Suffix of the dead-letter queue's name, before `.fifo`. */
export const DEAD_LETTER_QUEUE_SUFFIX = '-dlq';

const FIFO_SUFFIX = '.fifo';

const QUEUE_NAME_RULE: NameRule = {
  maxLength: SqsLimits.QUEUE_NAME_MAX_LENGTH,
  pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
  patternDescription: 'letters, digits, hyphens and underscores, plus a ".fifo" suffix',
};

/** Throws a {@link ScaleUpValidationError} for the first invalid prop of a WorkerQueue. */
export function validateWorkerQueueProps(scope: IConstruct, props: WorkerQueueProps): void {
  validateQueueProps(scope, props);
  validateFunctionProps(scope, props);
  validateEventSourceProps(scope, props);
  validateDependencyProps(scope, props);
}

/**
 * Throws when an explicit visibility timeout is shorter than the function timeout, because
 * Lambda then rejects the event source mapping. Warns when it is shorter than the recommended
 * 6 × timeout + batching window.
 */
export function checkVisibilityTimeout(
  scope: IConstruct,
  visibilityTimeout: Duration | undefined,
  timeout: Duration,
  recommended: Duration | undefined,
): void {
  if (visibilityTimeout === undefined || visibilityTimeout.isUnresolved() || timeout.isUnresolved()) {
    return;
  }
  checkDurationRange(
    scope,
    'visibilityTimeout',
    visibilityTimeout,
    0,
    SqsLimits.MAX_VISIBILITY_TIMEOUT_SECONDS,
  );
  const visibilitySeconds = visibilityTimeout.toSeconds();
  const timeoutSeconds = timeout.toSeconds();
  if (visibilitySeconds < timeoutSeconds) {
    throw new ScaleUpValidationError(
      scope,
      'visibilityTimeout',
      `got ${visibilitySeconds} seconds, shorter than the function timeout of ${timeoutSeconds} seconds; ` +
        'Lambda rejects an SQS event source whose visibility timeout is shorter than the function timeout',
    );
  }
  if (recommended !== undefined && visibilitySeconds < recommended.toSeconds()) {
    Annotations.of(scope).addWarningV2(
      'cdk-scaleup:worker-short-visibility-timeout',
      `visibilityTimeout is ${visibilitySeconds} seconds, less than the recommended ${recommended.toSeconds()} seconds ` +
        `(${VISIBILITY_TIMEOUT_FACTOR} × the ${timeoutSeconds}-second function timeout plus the batching window). ` +
        'A message can become visible again while a throttled or retried invocation still holds it, and run twice.',
    );
  }
}

function validateQueueProps(scope: IConstruct, props: WorkerQueueProps): void {
  const fifo = props.fifo ?? false;
  const name = props.queueName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    checkResourceName(scope, 'queueName', name, QUEUE_NAME_RULE);
    if (fifo !== name.endsWith(FIFO_SUFFIX)) {
      throw new ScaleUpValidationError(
        scope,
        'queueName',
        `got ${JSON.stringify(name)} with fifo: ${fifo}; a queue name ends in ".fifo" exactly when the queue is FIFO`,
      );
    }
    const deadLetterName = deadLetterQueueName(name, fifo);
    if (deadLetterName.length > SqsLimits.QUEUE_NAME_MAX_LENGTH) {
      const maxLength = SqsLimits.QUEUE_NAME_MAX_LENGTH - DEAD_LETTER_QUEUE_SUFFIX.length;
      throw new ScaleUpValidationError(
        scope,
        'queueName',
        `got ${JSON.stringify(name)} (${name.length} characters); the dead-letter queue adds ` +
          `"${DEAD_LETTER_QUEUE_SUFFIX}" to it, so the name may have at most ${maxLength} characters`,
      );
    }
  }

  if (props.contentBasedDeduplication && !fifo) {
    throw new ScaleUpValidationError(
      scope,
      'contentBasedDeduplication',
      'got true for a standard queue; content-based deduplication needs fifo: true',
    );
  }

  checkAllowedValue(scope, 'encryption', props.encryption, [
    sqs.QueueEncryption.SQS_MANAGED,
    sqs.QueueEncryption.KMS_MANAGED,
    sqs.QueueEncryption.KMS,
  ]);
  if (props.encryptionKey && props.encryption !== sqs.QueueEncryption.KMS) {
    throw new ScaleUpValidationError(
      scope,
      'encryptionKey',
      `got a key with encryption ${props.encryption ?? sqs.QueueEncryption.SQS_MANAGED}; a key needs encryption: QueueEncryption.KMS`,
    );
  }

  checkDurationRange(
    scope,
    'retentionPeriod',
    props.retentionPeriod,
    SqsLimits.MIN_RETENTION_SECONDS,
    SqsLimits.MAX_RETENTION_SECONDS,
  );
  checkIntegerRange(scope, 'maxReceiveCount', props.maxReceiveCount, 1, SqsLimits.MAX_RECEIVE_COUNT);
}

function validateFunctionProps(scope: IConstruct, props: WorkerQueueProps): void {
  checkDurationRange(scope, 'timeout', props.timeout, 1, SqsLimits.MAX_FUNCTION_TIMEOUT_SECONDS);
  checkIntegerRange(
    scope,
    'memorySize',
    props.memorySize,
    SqsLimits.MIN_MEMORY_MB,
    SqsLimits.MAX_MEMORY_MB,
    'MB',
  );

  if (props.runtime && props.runtime.family !== lambda.RuntimeFamily.NODEJS) {
    throw new ScaleUpValidationError(
      scope,
      'runtime',
      `got ${props.runtime.name}; the worker is JavaScript and needs a Node.js runtime such as nodejs26.x`,
    );
  }
  if (props.handler !== undefined && props.entry === undefined) {
    throw new ScaleUpValidationError(
      scope,
      'handler',
      `got ${JSON.stringify(props.handler)} without entry; handler names a function exported by entry`,
    );
  }

  const timeout = props.timeout ?? WorkerQueueDefaults.TIMEOUT;
  const reserve = props.stopBeforeTimeout;
  if (reserve !== undefined && !reserve.isUnresolved() && !timeout.isUnresolved()) {
    if (reserve.toMilliseconds() >= timeout.toMilliseconds()) {
      throw new ScaleUpValidationError(
        scope,
        'stopBeforeTimeout',
        `got ${reserve.toHumanString()}, not shorter than the function timeout of ${timeout.toHumanString()}; ` +
          'the worker would start no job at all',
      );
    }
  }

  const reserved = props.reservedConcurrentExecutions;
  if (
    reserved !== undefined &&
    !Token.isUnresolved(reserved) &&
    (!Number.isInteger(reserved) || reserved < 1)
  ) {
    throw new ScaleUpValidationError(
      scope,
      'reservedConcurrentExecutions',
      `got ${reserved}; must be a positive integer (0 would stop the worker)`,
    );
  }
}

function validateEventSourceProps(scope: IConstruct, props: WorkerQueueProps): void {
  const fifo = props.fifo ?? false;
  const window = props.maxBatchingWindow;
  checkDurationRange(scope, 'maxBatchingWindow', window, 0, SqsLimits.MAX_BATCHING_WINDOW_SECONDS);
  if (fifo && window !== undefined) {
    throw new ScaleUpValidationError(
      scope,
      'maxBatchingWindow',
      `got ${window.toHumanString()} for a FIFO queue; Lambda supports no batching window on FIFO queues`,
    );
  }

  const batchSize = props.batchSize;
  checkIntegerRange(
    scope,
    'batchSize',
    batchSize,
    1,
    fifo ? SqsLimits.MAX_FIFO_BATCH_SIZE : SqsLimits.MAX_BATCH_SIZE,
    fifo ? 'messages (FIFO queue)' : 'messages',
  );
  const windowSeconds = window === undefined || window.isUnresolved() ? 0 : window.toSeconds();
  const windowKnown = window === undefined || !window.isUnresolved();
  if (
    batchSize !== undefined &&
    !Token.isUnresolved(batchSize) &&
    windowKnown &&
    batchSize > SqsLimits.MAX_BATCH_SIZE_WITHOUT_WINDOW &&
    windowSeconds < 1
  ) {
    throw new ScaleUpValidationError(
      scope,
      'batchSize',
      `got ${batchSize} messages without a batching window; a batch of more than ` +
        `${SqsLimits.MAX_BATCH_SIZE_WITHOUT_WINDOW} messages needs maxBatchingWindow of at least 1 second`,
    );
  }

  checkIntegerRange(
    scope,
    'maxConcurrency',
    props.maxConcurrency,
    SqsLimits.MIN_MAX_CONCURRENCY,
    SqsLimits.MAX_MAX_CONCURRENCY,
  );
}

function validateDependencyProps(scope: IConstruct, props: WorkerQueueProps): void {
  if (!props.vpc) {
    const vpcOnly = (['vpcSubnets', 'securityGroups', 'interfaceEndpoints', 'redis'] as const).filter(
      (key) => props[key] !== undefined,
    );
    if (vpcOnly.length > 0) {
      throw new ScaleUpValidationError(
        scope,
        vpcOnly.join(', '),
        `${vpcOnly.join(', ')} need${vpcOnly.length > 1 ? '' : 's'} the worker in a VPC; give vpc as well`,
      );
    }
  }

  const redis = props.redis;
  if (redis) {
    checkIntegerRange(scope, 'redis.port', redis.port, 1, 65535);
    if (redis.authTokenField !== undefined && !redis.authToken) {
      throw new ScaleUpValidationError(
        scope,
        'redis.authTokenField',
        `got ${JSON.stringify(redis.authTokenField)} without redis.authToken; the field names a key of that secret`,
      );
    }
  }

  const ttl = props.idempotencyTtl;
  const retention = props.retentionPeriod ?? WorkerQueueDefaults.RETENTION_PERIOD;
  if (ttl !== undefined && !ttl.isUnresolved() && !retention.isUnresolved()) {
    if (ttl.toSeconds() <= retention.toSeconds()) {
      throw new ScaleUpValidationError(
        scope,
        'idempotencyTtl',
        `got ${ttl.toHumanString()}, not longer than the queue's retentionPeriod of ${retention.toHumanString()}; ` +
          'a message redelivered after its idempotency record expired would run its job again',
      );
    }
  }

  const runTask = props.runTask;
  if (runTask && !Token.isUnresolved(runTask.containerName)) {
    if (!runTask.taskDefinition.findContainer(runTask.containerName)) {
      const names = runTask.taskDefinition.node.children
        .filter((child): child is ecs.ContainerDefinition => child instanceof ecs.ContainerDefinition)
        .map((container) => container.containerName);
      throw new ScaleUpValidationError(
        scope,
        'runTask.containerName',
        `got ${JSON.stringify(runTask.containerName)}, which is not a container of the task definition ` +
          `${runTask.taskDefinition.node.path}` +
          (names.length > 0 ? `; its containers are ${names.join(', ')}` : '; it has no containers yet'),
      );
    }
  }
}

/** Name of the dead-letter queue of a queue named `queueName`. */
export function deadLetterQueueName(queueName: string, fifo: boolean): string {
  const base = fifo ? queueName.slice(0, -FIFO_SUFFIX.length) : queueName;
  return `${base}${DEAD_LETTER_QUEUE_SUFFIX}${fifo ? FIFO_SUFFIX : ''}`;
}
