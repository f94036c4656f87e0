import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchMetrics, INVALID_ENVELOPE_JOB_TYPE, UNKNOWN_JOB_TYPE } from './batch-metrics';
import { parseEnvelope, type JobEnvelope } from './envelope';
import type { JobContext, JobHandler, JobRouter } from './router';

/** Idempotency settings of a worker. */
export interface WorkerIdempotencyOptions {
  /** Store of idempotency records, for example a Powertools `CachePersistenceLayer` over Redis. */
  readonly persistenceStore: BasePersistenceLayer;
  /**
   * Seconds a completed record is kept. Keep it longer than the queue's message retention, so
   * that no delivery of a message can outlive the record of its effect.
   */
  readonly expiresAfterSeconds: number;
  /** Prefix of every record key; keep it stable across deployments of the same queue. */
  readonly keyPrefix: string;
}

/** Dependencies and settings of {@link createWorker}. */
export interface WorkerOptions {
  readonly router: JobRouter;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Idempotency store. Without it, every delivery of a message runs its job again
   * (at-least-once processing).
   */
  readonly idempotency?: WorkerIdempotencyOptions;
  /**
   * Remaining invocation time, in milliseconds, below which the worker starts no further job and
   * reports the remaining records as failed, so that Lambda never times out with the batch
   * unanswered.
   */
  readonly stopBeforeTimeoutMillis: number;
  /**
   * Runs before each batch, for example to connect to Redis. When it throws, the error is logged
   * and the batch still runs, so that each record fails on its own and is retried.
   */
  readonly beforeBatch?: () => Promise<void>;
}

/** An SQS-triggered Lambda handler that returns a partial batch response. */
export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Thrown for a record left unprocessed because the invocation was about to time out. */
export class DeadlineReachedError extends Error {
  constructor(remainingMillis: number, stopBeforeTimeoutMillis: number) {
    super(
      `not started: ${remainingMillis} ms of invocation time left, less than the ${stopBeforeTimeoutMillis} ms reserve`,
    );
    this.name = 'DeadlineReachedError';
  }
}

/** A job ready to run, passed through Powertools idempotency to {@link runJob}. */
interface PreparedJob {
  readonly handler: JobHandler;
  readonly envelope: JobEnvelope;
  readonly context: JobContext;
  /** Set when the handler ran; stays false when idempotency found an earlier completed run. */
  executed: boolean;
}

async function runJob(_key: { idempotencyKey: string }, job: PreparedJob): Promise<boolean> {
  job.executed = true;
  await job.handler(job.envelope.payload, job.context);
  // Powertools stores this value as the job's result; the job's own result is not kept.
  return true;
}

/**
 * Creates the worker's batch handler.
 *
 * Records run one after another (FIFO queues: in order, and a failure fails the rest of its
 * message group). Each record fails on its own: an invalid envelope, an unknown job type, a job
 * error, an idempotency store error, or too little time left. Failed records are returned as
 * `batchItemFailures`, so SQS delivers only them again.
 */
export function createWorker(options: WorkerOptions): WorkerHandler {
  const { router, logger, metrics, stopBeforeTimeoutMillis } = options;

  const idempotencyConfig = options.idempotency
    ? new IdempotencyConfig({
        eventKeyJmesPath: 'idempotencyKey',
        expiresAfterSeconds: options.idempotency.expiresAfterSeconds,
        throwOnNoIdempotencyKey: true,
      })
    : undefined;
  const run = options.idempotency
    ? makeIdempotent(runJob, {
        persistenceStore: options.idempotency.persistenceStore,
        config: idempotencyConfig,
        keyPrefix: options.idempotency.keyPrefix,
        dataIndexArgument: 0,
      })
    : runJob;

  async function processRecord(record: SQSRecord, context: Context, batch: BatchMetrics): Promise<void> {
    const messageId = record.messageId;

    let envelope: JobEnvelope;
    try {
      envelope = parseEnvelope(record.body);
    } catch (error) {
      logger.error('Rejected invalid message', { messageId, reason: (error as Error).message });
      batch.failed(INVALID_ENVELOPE_JOB_TYPE);
      throw error;
    }
    const jobType = router.has(envelope.type) ? envelope.type : UNKNOWN_JOB_TYPE;

    const remainingMillis = context.getRemainingTimeInMillis();
    if (remainingMillis < stopBeforeTimeoutMillis) {
      batch.deferred(jobType);
      throw new DeadlineReachedError(remainingMillis, stopBeforeTimeoutMillis);
    }

    let handler: JobHandler;
    try {
      handler = router.resolve(envelope.type);
    } catch (error) {
      logger.error('Rejected message with unknown job type', {
        messageId,
        jobType: envelope.type,
        reason: (error as Error).message,
      });
      batch.failed(jobType);
      throw error;
    }

    const idempotencyKey = envelope.idempotencyKey ?? messageId;
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    logger.appendKeys({ messageId, jobType: envelope.type });
    const job: PreparedJob = {
      handler,
      envelope,
      executed: false,
      context: {
        messageId,
        idempotencyKey,
        receiveCount,
        logger,
        getRemainingTimeInMillis: () => context.getRemainingTimeInMillis(),
      },
    };

    const started = Date.now();
    try {
      await run({ idempotencyKey }, job);
    } catch (error) {
      const failure = error as Error;
      logger.error('Job failed; SQS will deliver the message again', {
        receiveCount,
        error: { name: failure.name, message: failure.message, cause: describeCause(failure.cause) },
      });
      batch.failed(jobType, job.executed ? Date.now() - started : undefined);
      throw error;
    } finally {
      logger.removeKeys(['messageId', 'jobType']);
    }

    if (job.executed) {
      batch.processed(jobType, Date.now() - started);
    } else {
      logger.info('Skipped a job that already took effect', { messageId, jobType: envelope.type });
      batch.duplicate(jobType);
    }
  }

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    // Powertools gives an in-progress record the invocation's remaining time; after that, a
    // crashed or timed-out run no longer blocks a retry.
    idempotencyConfig?.registerLambdaContext(context);
    const batch = new BatchMetrics();

    if (options.beforeBatch) {
      try {
        await options.beforeBatch();
      } catch (error) {
        logger.error('Preparing the batch failed; its jobs will fail and be retried', {
          error: (error as Error).message,
          records: event.Records.length,
        });
      }
    }

    const recordHandler = (record: SQSRecord): Promise<void> => processRecord(record, context, batch);
    const fifo = event.Records[0]?.eventSourceARN?.endsWith('.fifo') ?? false;
    try {
      if (fifo) {
        return await processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
          context,
          skipGroupOnError: true,
        });
      }
      return await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
        context,
        processInParallel: false,
      });
    } finally {
      const totals = batch.totals();
      if (totals.deferred > 0) {
        logger.warn('Left records unprocessed because the invocation was about to time out', {
          deferred: totals.deferred,
          stopBeforeTimeoutMillis,
        });
      }
      logger.info('Batch finished', { records: event.Records.length, ...totals });
      batch.publish(metrics);
    }
  };
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) {
    return undefined;
  }
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
