import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { JobRouter, type JobHandler } from '../../lambda/router';
import { createWorker, type WorkerOptions } from '../../lambda/worker';
import { MemoryCacheClient } from './support/memory-cache-client';
import {
  FIFO_QUEUE_ARN,
  lambdaContext,
  recordingMetrics,
  silentLogger,
  sqsEvent,
  sqsRecord,
} from './support/sqs-events';

const FIFTEEN_DAYS = 15 * 24 * 3600;

interface Fixture {
  worker: ReturnType<typeof createWorker>;
  cache: MemoryCacheClient;
  counts: Record<string, number>;
  jobTypes: string[];
  logger: ReturnType<typeof silentLogger>;
}

function createFixture(handlers: Record<string, JobHandler>, options: Partial<WorkerOptions> = {}): Fixture {
  const router = new JobRouter();
  for (const [type, handler] of Object.entries(handlers)) {
    router.register(type, handler);
  }
  const cache = new MemoryCacheClient();
  const { metrics, counts, jobTypes } = recordingMetrics();
  const logger = silentLogger();
  const worker = createWorker({
    router,
    logger,
    metrics,
    stopBeforeTimeoutMillis: 5_000,
    idempotency: {
      persistenceStore: new CachePersistenceLayer({ client: cache }),
      expiresAfterSeconds: FIFTEEN_DAYS,
      keyPrefix: 'test',
    },
    ...options,
  });
  return { worker, cache, counts, jobTypes, logger };
}

const job = (type: string, payload: unknown, idempotencyKey?: string) => ({ type, payload, idempotencyKey });
const plentyOfTime = () => lambdaContext(() => 60_000);

describe('createWorker', () => {
  test('runs each job and reports no failures', async () => {
    const handler = jest.fn();
    const { worker, counts } = createFixture({ 'test.job': handler });

    const response = await worker(
      sqsEvent([sqsRecord('m-1', job('test.job', { n: 1 })), sqsRecord('m-2', job('test.job', { n: 2 }))]),
      plentyOfTime(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handler.mock.calls.map(([payload]) => payload)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(handler.mock.calls[0][1]).toMatchObject({
      messageId: 'm-1',
      idempotencyKey: 'm-1',
      receiveCount: 1,
    });
    expect(counts.JobsProcessed).toBe(2);
    expect(counts.JobDuration).toBe(2);
  });

  test('invalid envelope fails and is logged with its message ID', async () => {
    const handler = jest.fn();
    const { worker, counts, jobTypes, logger } = createFixture({ 'test.job': handler });
    const errorLog = jest.spyOn(logger, 'error');

    const response = await worker(
      sqsEvent([sqsRecord('bad-1', '{"kind":"oops"}'), sqsRecord('m-2', job('test.job', null))]),
      plentyOfTime(),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-1' }] });
    expect(errorLog).toHaveBeenCalledWith('Rejected invalid message', {
      messageId: 'bad-1',
      reason: expect.stringContaining('unknown field(s) "kind"'),
    });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(counts.JobsFailed).toBe(1);
    expect(jobTypes).toContain('invalid-envelope');
  });

  test('unknown job type fails without becoming a dimension', async () => {
    const { worker, jobTypes, logger } = createFixture({ 'test.job': jest.fn() });
    const errorLog = jest.spyOn(logger, 'error');

    const response = await worker(
      sqsEvent([sqsRecord('m-1', job('nobody.handles', 1)), sqsRecord('m-2', job('test.job', 1))]),
      plentyOfTime(),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(errorLog).toHaveBeenCalledWith(
      'Rejected message with unknown job type',
      expect.objectContaining({ messageId: 'm-1', jobType: 'nobody.handles' }),
    );
    expect(jobTypes).toEqual(expect.arrayContaining(['unknown-type', 'test.job']));
    expect(jobTypes).not.toContain('nobody.handles');
  });

  test('failing job is reported and its record deleted for a retry', async () => {
    const attempts: string[] = [];
    const { worker, cache } = createFixture({
      'test.job': (_payload, context) => {
        attempts.push(context.idempotencyKey);
        if (attempts.length === 1) {
          throw new Error('downstream unavailable');
        }
      },
    });

    const first = await worker(
      sqsEvent([sqsRecord('m-1', job('test.job', 1)), sqsRecord('m-2', job('test.job', 2))]),
      plentyOfTime(),
    );
    const retry = await worker(
      sqsEvent([sqsRecord('m-1', job('test.job', 1), { receiveCount: 2 })]),
      plentyOfTime(),
    );

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(attempts).toEqual(['m-1', 'm-2', 'm-1']);
    expect(cache.keys()).toHaveLength(2);
  });

  test('redelivered message does not run its job again', async () => {
    const handler = jest.fn();
    const { worker, counts } = createFixture({ 'test.job': handler });

    await worker(sqsEvent([sqsRecord('m-1', job('test.job', 1))]), plentyOfTime());
    const redelivery = await worker(
      sqsEvent([sqsRecord('m-1', job('test.job', 1), { receiveCount: 2 })]),
      plentyOfTime(),
    );

    expect(redelivery).toEqual({ batchItemFailures: [] });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(counts.JobsDuplicate).toBe(1);
  });

  test('messages sharing an idempotency key run once', async () => {
    const handler = jest.fn();
    const { worker } = createFixture({ 'test.job': handler });

    const response = await worker(
      sqsEvent([
        sqsRecord('m-1', job('test.job', 1, 'order-7')),
        sqsRecord('m-2', job('test.job', 1, 'order-7')),
      ]),
      plentyOfTime(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0][1]).toMatchObject({ idempotencyKey: 'order-7' });
  });

  test('store outage fails the message and marks nothing done', async () => {
    const handler = jest.fn();
    const { worker, cache } = createFixture({ 'test.job': handler });
    cache.outage = true;

    const failed = await worker(
      sqsEvent([sqsRecord('m-1', job('test.job', 1)), sqsRecord('m-2', job('test.job', 2))]),
      plentyOfTime(),
    ).catch((error: Error) => error);
    cache.outage = false;
    const retried = await worker(
      sqsEvent([sqsRecord('m-1', job('test.job', 1), { receiveCount: 2 })]),
      plentyOfTime(),
    );

    // Every record failed, so Powertools raises for the whole batch and SQS keeps all of it.
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).name).toBe('FullBatchFailureError');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(retried).toEqual({ batchItemFailures: [] });
  });

  test('store outage mid-batch fails only the later records', async () => {
    const cache = new MemoryCacheClient();
    const handler: JobHandler = (payload) => {
      if (payload === 2) {
        cache.outage = true;
      }
    };
    const worker = createWorker({
      router: new JobRouter().register('test.job', handler),
      logger: silentLogger(),
      metrics: recordingMetrics().metrics,
      stopBeforeTimeoutMillis: 5_000,
      idempotency: {
        persistenceStore: new CachePersistenceLayer({ client: cache }),
        expiresAfterSeconds: FIFTEEN_DAYS,
        keyPrefix: 'test',
      },
    });

    const response = await worker(
      sqsEvent([1, 2, 3].map((n) => sqsRecord(`m-${n}`, job('test.job', n)))),
      plentyOfTime(),
    );

    // m-2 ran but its completion could not be stored, so it is retried.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }, { itemIdentifier: 'm-3' }] });
  });

  test('records left when time runs short are reported as failed', async () => {
    let remaining = 60_000;
    const handler = jest.fn(() => {
      remaining -= 30_000;
    });
    const { worker, counts } = createFixture({ 'test.job': handler });

    const response = await worker(
      sqsEvent([1, 2, 3, 4].map((n) => sqsRecord(`m-${n}`, job('test.job', n)))),
      lambdaContext(() => remaining),
    );

    expect(handler).toHaveBeenCalledTimes(2);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-3' }, { itemIdentifier: 'm-4' }] });
    expect(counts.JobsDeferred).toBe(2);
  });

  test('FIFO failure fails the rest of its message group only', async () => {
    const handled: string[] = [];
    const { worker } = createFixture({
      'test.job': (payload) => {
        handled.push(String(payload));
        if (payload === 'a1') {
          throw new Error('a1 failed');
        }
      },
    });
    const record = (id: string, group: string) =>
      sqsRecord(id, job('test.job', id), { queueArn: FIFO_QUEUE_ARN, groupId: group });

    const response = await worker(
      sqsEvent([record('a1', 'a'), record('b1', 'b'), record('a2', 'a'), record('b2', 'b')]),
      plentyOfTime(),
    );

    expect(handled).toEqual(['a1', 'b1', 'b2']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a1' }, { itemIdentifier: 'a2' }] });
  });

  test('without idempotency a redelivery runs again', async () => {
    const handler = jest.fn();
    const { worker } = createFixture({ 'test.job': handler }, { idempotency: undefined });

    await worker(sqsEvent([sqsRecord('m-1', job('test.job', 1))]), plentyOfTime());
    await worker(sqsEvent([sqsRecord('m-1', job('test.job', 1), { receiveCount: 2 })]), plentyOfTime());

    expect(handler).toHaveBeenCalledTimes(2);
  });

  test('failed preparation is logged and the jobs fail', async () => {
    const handler = jest.fn();
    const { worker, cache, logger } = createFixture(
      { 'test.job': handler },
      {
        beforeBatch: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        },
      },
    );
    const errorLog = jest.spyOn(logger, 'error');
    cache.outage = true;

    await expect(worker(sqsEvent([sqsRecord('m-1', job('test.job', 1))]), plentyOfTime())).rejects.toThrow();

    expect(errorLog).toHaveBeenCalledWith('Preparing the batch failed; its jobs will fail and be retried', {
      error: 'connect ECONNREFUSED 127.0.0.1:6379',
      records: 1,
    });
    expect(handler).not.toHaveBeenCalled();
  });

  test('metrics carry the job type', async () => {
    const { worker, jobTypes, counts } = createFixture({ 'a.job': jest.fn(), 'b.job': jest.fn() });

    await worker(
      sqsEvent([sqsRecord('m-1', job('a.job', 1)), sqsRecord('m-2', job('b.job', 1))]),
      plentyOfTime(),
    );

    expect(jobTypes).toEqual(['a.job', 'b.job']);
    expect(counts).toMatchObject({ JobsProcessed: 2, JobsFailed: 0, JobsDuplicate: 0, JobsDeferred: 0 });
  });
});
