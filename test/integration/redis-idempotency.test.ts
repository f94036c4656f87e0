import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { createClient } from '@redis/client';
import type { SQSBatchResponse } from 'aws-lambda';
import { RedisConnection } from '../../lambda/redis';
import { JobRouter, type JobHandler } from '../../lambda/router';
import { createWorker, type WorkerHandler } from '../../lambda/worker';
import {
  lambdaContext,
  recordingMetrics,
  silentLogger,
  sqsEvent,
  sqsRecord,
} from '../lambda/support/sqs-events';
import {
  findClosedPort,
  hasRedisServerBinary,
  isPortOpen,
  OwnRedisServer,
  redisTarget,
} from './support/redis-server';

/*
 * Idempotency against a real redis-server on 127.0.0.1. .ci/run starts one and sets REDIS_URL;
 * locally the tests use 127.0.0.1:6379 when something listens there, and are skipped otherwise.
 * The outage tests start and kill a redis-server process of their own.
 */

const target = redisTarget();
const sharedRedisAvailable = target.fromEnvironment || isPortOpen(target.host, target.port);
const redisServerBinary = hasRedisServerBinary();
if (!sharedRedisAvailable) {
  console.log(
    `Skipping the Redis integration tests: REDIS_URL is unset and nothing listens on ${target.host}:${target.port}. ` +
      'Start redis-server there or set REDIS_URL=redis://HOST:PORT to run them.',
  );
} else if (!redisServerBinary) {
  console.log('Skipping the Redis outage tests: the redis-server binary is not on the PATH.');
}
const describeWithRedis = sharedRedisAvailable ? describe : describe.skip;
const describeWithOwnServer = sharedRedisAvailable && redisServerBinary ? describe : describe.skip;

const FIFTEEN_DAYS = 15 * 24 * 3600;
const runId = `it-${process.pid}-${Date.now()}`;

interface TestWorker {
  readonly handle: WorkerHandler;
  readonly connection: RedisConnection;
}

function createTestWorker(
  port: number,
  keyPrefix: string,
  handler: JobHandler,
  options: { expiresAfterSeconds?: number; timeoutMillis?: number } = {},
): TestWorker {
  const logger = silentLogger();
  const connection = new RedisConnection(
    {
      host: '127.0.0.1',
      port,
      tls: false,
      authToken: async () => undefined,
      timeoutMillis: options.timeoutMillis ?? 1000,
    },
    logger,
  );
  const handle = createWorker({
    router: new JobRouter().register('test.job', handler),
    logger,
    metrics: recordingMetrics().metrics,
    stopBeforeTimeoutMillis: 100,
    idempotency: {
      persistenceStore: new CachePersistenceLayer({ client: connection }),
      expiresAfterSeconds: options.expiresAfterSeconds ?? FIFTEEN_DAYS,
      keyPrefix,
    },
    beforeBatch: () => connection.connect(),
  });
  return { handle, connection };
}

const envelope = (n: number) => ({ type: 'test.job', payload: n, idempotencyKey: `job-${n}` });
const batchOf = (numbers: number[], receiveCount = 1) =>
  sqsEvent(numbers.map((n) => sqsRecord(`message-${n}`, envelope(n), { receiveCount })));
const failedIds = (response: SQSBatchResponse) =>
  response.batchItemFailures.map((failure) => failure.itemIdentifier);

/** Connects a plain client to the shared Redis, for checking what the worker wrote. */
async function connectInspector(port: number) {
  const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

describeWithRedis('idempotency store on Redis', () => {
  const workers: TestWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.connection.close()));
  });

  test('redelivery to another container does not repeat the job', async () => {
    const effects: number[] = [];
    const keyPrefix = `${runId}-redelivery`;
    const first = createTestWorker(target.port, keyPrefix, (payload) => void effects.push(payload as number));
    const second = createTestWorker(
      target.port,
      keyPrefix,
      (payload) => void effects.push(payload as number),
    );
    workers.push(first, second);

    const firstResponse = await first.handle(
      batchOf([1, 2, 3]),
      lambdaContext(() => 60_000),
    );
    const redelivery = await second.handle(
      batchOf([1, 2, 3], 2),
      lambdaContext(() => 60_000),
    );

    expect(failedIds(firstResponse)).toEqual([]);
    expect(failedIds(redelivery)).toEqual([]);
    expect(effects).toEqual([1, 2, 3]);
  });

  test('completed records expire after the configured TTL', async () => {
    const keyPrefix = `${runId}-ttl`;
    const worker = createTestWorker(target.port, keyPrefix, () => undefined);
    workers.push(worker);

    await worker.handle(
      batchOf([1]),
      lambdaContext(() => 60_000),
    );

    const inspector = await connectInspector(target.port);
    const [key] = await inspector.keys(`${keyPrefix}#*`);
    const ttl = await inspector.ttl(key);
    const record = JSON.parse(String(await inspector.get(key)));
    inspector.destroy();
    expect(ttl).toBeGreaterThan(FIFTEEN_DAYS - 60);
    // Powertools rounds the expiry timestamp to the nearest second, so the TTL can be 1 s longer.
    expect(ttl).toBeLessThanOrEqual(FIFTEEN_DAYS + 1);
    expect(record.status).toBe('COMPLETED');
  });

  test('job runs again once its record has expired', async () => {
    const effects: number[] = [];
    const worker = createTestWorker(
      target.port,
      `${runId}-expiry`,
      (payload) => void effects.push(payload as number),
      { expiresAfterSeconds: 1 },
    );
    workers.push(worker);

    await worker.handle(
      batchOf([1]),
      lambdaContext(() => 60_000),
    );
    await worker.handle(
      batchOf([1], 2),
      lambdaContext(() => 60_000),
    );
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await worker.handle(
      batchOf([1], 3),
      lambdaContext(() => 60_000),
    );

    expect(effects).toEqual([1, 1]);
  });

  test('unreachable Redis fails every message and marks none done', async () => {
    const effects: number[] = [];
    const closedPort = await findClosedPort();
    const unreachable = createTestWorker(
      closedPort,
      `${runId}-unreachable`,
      (payload) => void effects.push(payload as number),
      {
        timeoutMillis: 300,
      },
    );
    const reachable = createTestWorker(
      target.port,
      `${runId}-unreachable`,
      (payload) => void effects.push(payload as number),
    );
    workers.push(unreachable, reachable);

    const outage = await unreachable
      .handle(
        batchOf([1, 2]),
        lambdaContext(() => 60_000),
      )
      .catch((error: Error) => error);
    const retry = await reachable.handle(
      batchOf([1, 2], 2),
      lambdaContext(() => 60_000),
    );

    // With every record failed, Powertools raises for the whole batch, so SQS keeps all of it.
    expect(outage).toBeInstanceOf(Error);
    expect((outage as Error).name).toBe('FullBatchFailureError');
    expect(failedIds(retry)).toEqual([]);
    expect(effects).toEqual([1, 2]);
  });
});

describeWithOwnServer('Redis outage mid-batch', () => {
  let directory: string;
  let server: OwnRedisServer;
  let worker: TestWorker | undefined;

  beforeEach(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaleup-redis-'));
    server = await OwnRedisServer.start(directory);
  });

  afterEach(async () => {
    await worker?.connection.close();
    await server.kill();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function waitForReconnect(connection: RedisConnection): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await connection.get('reconnect-probe');
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  test('jobs after the outage fail, then run once after recovery', async () => {
    const effects: number[] = [];
    worker = createTestWorker(
      server.port,
      'outage-between',
      (payload) => void effects.push(payload as number),
    );
    // Kill the server right after job 2's completion is stored, between two records.
    const connection = worker.connection;
    const set = connection.set.bind(connection);
    let completions = 0;
    connection.set = async (name, value, options) => {
      const reply = await set(name, value, options);
      if (String(value).includes('COMPLETED') && ++completions === 2) {
        await server.kill();
      }
      return reply;
    };

    const duringOutage = await worker.handle(
      batchOf([1, 2, 3, 4, 5]),
      lambdaContext(() => 60_000),
    );
    await server.restart();
    await waitForReconnect(connection);
    const afterRecovery = await worker.handle(
      batchOf([1, 2, 3, 4, 5], 2),
      lambdaContext(() => 60_000),
    );

    expect(failedIds(duringOutage)).toEqual(['message-3', 'message-4', 'message-5']);
    expect(failedIds(afterRecovery)).toEqual([]);
    expect(effects).toEqual([1, 2, 3, 4, 5]);
  });

  test('outage during a job fails it, and the retry runs it again', async () => {
    const effects: number[] = [];
    worker = createTestWorker(server.port, 'outage-during', async (payload) => {
      if (payload === 2 && effects.length === 1) {
        await server.kill();
      }
      effects.push(payload as number);
    });
    // A short invocation, so that job 2's in-progress record has expired when it is retried.
    const remaining = () => 1000;

    const duringOutage = await worker.handle(batchOf([1, 2, 3]), lambdaContext(remaining));
    await server.restart();
    await waitForReconnect(worker.connection);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const afterRecovery = await worker.handle(
      batchOf([1, 2, 3], 2),
      lambdaContext(() => 60_000),
    );

    // Job 2 took effect, but Redis never recorded its completion: the retry repeats it. This is
    // the window that jobs close by passing idempotencyKey to the services they call.
    expect(failedIds(duringOutage)).toEqual(['message-2', 'message-3']);
    expect(failedIds(afterRecovery)).toEqual([]);
    expect(effects).toEqual([1, 2, 2, 3]);
  });
});
