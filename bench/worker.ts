/**
 * Worker benchmarks, called by bench/run.ts: size of the worker bundle, its cold `require` time,
 * and the worker's overhead per message against a bare loop over the same batches. Prints
 * Markdown table rows (`| measure | value |`). With REDIS_URL set it also measures the worker with
 * idempotency records in that Redis server.
 *
 * Usage: node --import tsx bench/worker.ts [--runs N]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent } from 'aws-lambda';
import { writeWorkerBundle } from '../lib/async/private/worker-bundle';
import { RedisConnection } from '../lambda/redis';
import { JobRouter } from '../lambda/router';
import { createWorker, type WorkerOptions } from '../lambda/worker';

const BATCH_SIZE = 10;
const MESSAGES = 5000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runsFrom(argv: string[]): number {
  const index = argv.indexOf('--runs');
  return index >= 0 ? Number(argv[index + 1]) : 5;
}

/** Size of the bundle, and the median time a new Node.js process takes to require it. */
function bundleFigures(runs: number): string[] {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaleup-bench-bundle-'));
  const file = writeWorkerBundle(directory);
  const bytes = fs.readFileSync(file);
  const script =
    'const start = process.hrtime.bigint(); require(process.argv[1]); ' +
    'console.log(Number(process.hrtime.bigint() - start) / 1e6);';
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    times.push(Number(execFileSync(process.execPath, ['-e', script, file], { encoding: 'utf8' }).trim()));
  }
  fs.rmSync(directory, { recursive: true, force: true });
  return [
    `| worker bundle size | ${bytes.length.toLocaleString('en-US')} bytes (${gzipSync(bytes).length.toLocaleString('en-US')} gzipped) |`,
    `| cold \`require\` of the bundle (new process) | ${median(times).toFixed(1)} ms |`,
  ];
}

function batches(prefix: string): SQSEvent[] {
  const events: SQSEvent[] = [];
  for (let start = 0; start < MESSAGES; start += BATCH_SIZE) {
    const records = [];
    for (let index = start; index < start + BATCH_SIZE; index++) {
      records.push({
        messageId: `${prefix}-${index}`,
        receiptHandle: `receipt-${index}`,
        body: JSON.stringify({ type: 'bench.noop', payload: { index } }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1700000000000',
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: '1700000000000',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bench',
        awsRegion: 'us-east-1',
      });
    }
    events.push({ Records: records });
  }
  return events;
}

const context = { getRemainingTimeInMillis: () => 900_000 } as Context;

/** Milliseconds a bare loop takes to parse every message and call a no-op job. */
async function bareLoop(events: SQSEvent[]): Promise<number> {
  const job = async (_payload: unknown): Promise<void> => undefined;
  const start = performance.now();
  for (const event of events) {
    for (const record of event.Records) {
      const envelope = JSON.parse(record.body) as { payload: unknown };
      await job(envelope.payload);
    }
  }
  return performance.now() - start;
}

async function workerLoop(events: SQSEvent[], options: Partial<WorkerOptions>): Promise<number> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const handler = createWorker({
    router: new JobRouter().register('bench.noop', async () => undefined),
    logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
    stopBeforeTimeoutMillis: 10_000,
    ...options,
  });
  const start = performance.now();
  for (const event of events) {
    await handler(event, context);
  }
  return performance.now() - start;
}

async function overheadFigures(runs: number): Promise<string[]> {
  const bare: number[] = [];
  const worker: number[] = [];
  const withRedis: number[] = [];
  const redisUrl = process.env.REDIS_URL ? new URL(process.env.REDIS_URL) : undefined;
  const redis = redisUrl
    ? new RedisConnection(
        {
          host: redisUrl.hostname,
          port: Number(redisUrl.port || 6379),
          tls: false,
          authToken: async () => undefined,
          timeoutMillis: 2000,
        },
        new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
      )
    : undefined;

  for (let run = 0; run < runs; run++) {
    const events = batches(`run-${run}-${Date.now()}`);
    bare.push(await bareLoop(events));
    worker.push(await workerLoop(events, {}));
    if (redis) {
      withRedis.push(
        await workerLoop(events, {
          beforeBatch: () => redis.connect(),
          idempotency: {
            persistenceStore: new CachePersistenceLayer({ client: redis }),
            expiresAfterSeconds: 600,
            keyPrefix: `bench-${run}-${Date.now()}`,
          },
        }),
      );
    }
  }
  await redis?.close();

  const perMessage = (times: number[]): string =>
    `${(((median(times) - median(bare)) / MESSAGES) * 1000).toFixed(1)} µs per message`;
  const rows = [
    `| bare loop over ${MESSAGES} messages in batches of ${BATCH_SIZE} | ${median(bare).toFixed(1)} ms |`,
    `| worker without idempotency, overhead over the bare loop | ${perMessage(worker)} |`,
  ];
  if (redis) {
    rows.push(
      `| worker with idempotency records in Redis on loopback, overhead | ${perMessage(withRedis)} |`,
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const runs = runsFrom(process.argv.slice(2));
  const rows = [...bundleFigures(runs), ...(await overheadFigures(runs))];
  console.log(rows.join('\n'));
}

void main();
