import { Duration, Token } from 'aws-cdk-lib';
import { SqsLimits, VISIBILITY_TIMEOUT_FACTOR } from '../validate-worker-queue-props';
import { WorkerQueueDefaults } from '../worker-queue-defaults';
import { WorkerQueueProps } from '../worker-queue-props';

/**
 * Returns the recommended visibility timeout: 6 × timeout + batching window, capped at 12 hours.
 * Returns undefined when either is a token.
 */
export function defaultVisibilityTimeout(
  timeout: Duration,
  window: Duration | undefined,
): Duration | undefined {
  if (timeout.isUnresolved() || window?.isUnresolved()) {
    return undefined;
  }
  // AWS Lambda developer guide, "Creating and configuring an Amazon SQS event source mapping":
  // set the queue's visibility timeout to at least six times the function timeout, so Lambda can
  // retry a batch when the function is throttled. Messages are received, and their visibility
  // timeout starts, while Lambda still gathers the batch, so the batching window is added on top.
  // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
  const seconds = VISIBILITY_TIMEOUT_FACTOR * timeout.toSeconds() + (window?.toSeconds() ?? 0);
  return Duration.seconds(Math.min(seconds, SqsLimits.MAX_VISIBILITY_TIMEOUT_SECONDS));
}

/** Returns the SQS maximum visibility timeout, used when the recommended one cannot be computed. */
export function maxVisibilityTimeout(): Duration {
  // NOTE: with a token timeout, synth cannot compute the recommended value. The SQS maximum is
  // used instead, which is safe but delays the retry of a failed message.
  return Duration.seconds(SqsLimits.MAX_VISIBILITY_TIMEOUT_SECONDS);
}

/**
 * Returns the remaining time below which the worker starts no further job: the prop, or else
 * 20 percent of the timeout, at most 30 seconds.
 */
export function stopBeforeTimeout(props: WorkerQueueProps, timeout: Duration): Duration {
  if (props.stopBeforeTimeout) {
    return props.stopBeforeTimeout;
  }
  if (timeout.isUnresolved()) {
    return Duration.seconds(10);
  }
  const fraction = Math.floor(timeout.toMilliseconds() * WorkerQueueDefaults.STOP_BEFORE_TIMEOUT_FRACTION);
  return Duration.millis(Math.min(fraction, WorkerQueueDefaults.MAX_STOP_BEFORE_TIMEOUT.toMilliseconds()));
}

/** Converts a construct id to an environment variable name: `ReportJobs` → `REPORT_JOBS`, `jobs-v2` → `JOBS_V2`. */
export function toEnvironmentName(id: string): string {
  if (Token.isUnresolved(id)) {
    return 'QUEUE';
  }
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}
