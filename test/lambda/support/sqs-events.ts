import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

export const STANDARD_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:jobs';
export const FIFO_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo';

/** Builds an SQS record as Lambda's event source delivers it. */
export function sqsRecord(
  messageId: string,
  body: unknown,
  options: { receiveCount?: number; queueArn?: string; groupId?: string } = {},
): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1700000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1700000000000',
      ...(options.groupId ? { MessageGroupId: options.groupId } : {}),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn ?? STANDARD_QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** Builds a Lambda context whose remaining time comes from `remainingMillis`. */
export function lambdaContext(remainingMillis: () => number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'worker',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:worker',
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/worker',
    logStreamName: 'stream',
    getRemainingTimeInMillis: remainingMillis,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Creates a logger that writes nothing. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'test-worker', logLevel: 'SILENT' });
}

/**
 * Creates a Metrics instance that prints nothing. `counts` sums the values added per metric name,
 * except JobDuration, whose values it counts. `jobTypes` lists every JobType dimension set.
 */
export function recordingMetrics(): { metrics: Metrics; counts: Record<string, number>; jobTypes: string[] } {
  const previous = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test-worker' });
  if (previous === undefined) {
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  } else {
    process.env.POWERTOOLS_METRICS_DISABLED = previous;
  }

  const counts: Record<string, number> = {};
  const jobTypes: string[] = [];
  const addMetric = metrics.addMetric.bind(metrics);
  replaceMethod(metrics, 'addMetric', (name: string, unit: never, value: number) => {
    counts[name] = (counts[name] ?? 0) + (name === 'JobDuration' ? 1 : value);
    return addMetric(name, unit, value);
  });
  const addDimension = metrics.addDimension.bind(metrics);
  replaceMethod(metrics, 'addDimension', (name: string, value: string) => {
    if (name === 'JobType') {
      jobTypes.push(value);
    }
    return addDimension(name, value);
  });
  return { metrics, counts, jobTypes };
}

function replaceMethod<T extends object>(
  target: T,
  method: string,
  implementation: (...args: never[]) => unknown,
): void {
  (target as Record<string, unknown>)[method] = implementation;
}
