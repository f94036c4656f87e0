import { Duration } from 'aws-cdk-lib';

/** Urgency of an alarm. */
export enum AlarmSeverity {
  /** Needs attention within working hours; does not count towards "application unhealthy". */
  WARNING = 'WARNING',
  /** Needs attention now; part of the "application unhealthy" composite alarm. */
  CRITICAL = 'CRITICAL',
}

/**
 * Overrides of one alarm of one severity. An unset field keeps the default documented on the
 * prop that contains this struct.
 */
export interface AlarmThresholdOptions {
  /**
   * Whether the alarm is created.
   * @default - the documented default of the alarm (most are on)
   */
  readonly enabled?: boolean;

  /**
   * Value the metric is compared with, in the unit documented on the prop.
   * @default - the documented default of the alarm
   */
  readonly threshold?: number;

  /**
   * Length of one evaluation period: 10 seconds, 30 seconds or a multiple of 60 seconds.
   * Anything else fails synth.
   * @default - the documented default of the alarm
   */
  readonly period?: Duration;

  /**
   * Number of most recent periods the alarm looks at (the N of "M out of N").
   * @default - the documented default of the alarm
   */
  readonly evaluationPeriods?: number;

  /**
   * Number of breaching periods among `evaluationPeriods` that set the alarm off (the M of
   * "M out of N").
   * @default - the documented default of the alarm
   */
  readonly datapointsToAlarm?: number;
}

/** Overrides of the WARNING and CRITICAL alarms on one metric. */
export interface AlarmThresholds {
  /**
   * Overrides of the WARNING alarm.
   * @default - the documented defaults
   */
  readonly warning?: AlarmThresholdOptions;

  /**
   * Overrides of the CRITICAL alarm.
   * @default - the documented defaults
   */
  readonly critical?: AlarmThresholdOptions;
}

/**
 * Alarms of the web tier. "3 of 5 × 60 s" means: 3 breaching periods among the 5 most recent
 * periods of 60 seconds.
 */
export interface WebAlarmOptions {
  /**
   * 5xx responses (from the tasks and from the load balancer) as a share of requests.
   * Unit: percent. Missing data (no traffic) is not breaching.
   * @default - WARNING above 1 %, CRITICAL above 5 %; both 3 of 5 × 60 s
   */
  readonly serverErrorRatio?: AlarmThresholds;

  /**
   * 99th percentile of the target response time. Unit: seconds. Missing data (no traffic) is not
   * breaching.
   * @default - WARNING above 1 s, CRITICAL above 2.5 s; both 3 of 5 × 60 s
   */
  readonly latencyP99?: AlarmThresholds;

  /**
   * Unhealthy tasks behind the load balancer, maximum per period. Unit: count. Missing data is not
   * breaching. The CRITICAL case, no healthy task at all, is `healthyHosts`.
   * @default - WARNING at 1 or more, 5 of 5 × 60 s; CRITICAL off (3 or more, 5 of 5 × 60 s, when enabled)
   */
  readonly unhealthyHosts?: AlarmThresholds;

  /**
   * Healthy tasks behind the load balancer, minimum per period. Unit: count. Missing data is
   * breaching, because the load balancer reports this metric every minute while it runs health checks.
   * @default - CRITICAL below 1, 2 of 2 × 60 s; WARNING off (below 2, 5 of 5 × 60 s, when enabled)
   */
  readonly healthyHosts?: AlarmThresholds;

  /**
   * Service CPU utilization, counted only while the service runs its maximum task count, when
   * autoscaling cannot add tasks. Unit: percent. Missing data is not breaching.
   * @default - WARNING above 75 %, 8 of 10 × 60 s; CRITICAL above 90 %, 5 of 5 × 60 s
   */
  readonly cpuAtMaxCapacity?: AlarmThresholds;

  /**
   * Service memory utilization, counted only while the service runs its maximum task count.
   * Unit: percent. Missing data is not breaching.
   * @default - WARNING above 80 %, 8 of 10 × 60 s; CRITICAL above 90 %, 5 of 5 × 60 s
   */
  readonly memoryAtMaxCapacity?: AlarmThresholds;
}

/** Alarms of the database tier. */
export interface DatabaseAlarmOptions {
  /**
   * CPU utilization of the writer. Unit: percent. Missing data keeps the alarm's state, because
   * Aurora reports this metric every minute.
   * @default - WARNING above 70 %, 8 of 10 × 60 s; CRITICAL above 90 %, 5 of 5 × 60 s
   */
  readonly writerCpu?: AlarmThresholds;

  /**
   * CPU utilization of the readers, average over the readers. Unit: percent. Missing data (a
   * cluster without readers) is not breaching.
   * @default - WARNING above 70 %, 8 of 10 × 60 s; CRITICAL above 90 %, 5 of 5 × 60 s
   */
  readonly readerCpu?: AlarmThresholds;

  /**
   * Client connections. Unit: count. Missing data keeps the alarm's state.
   *
   * The defaults suit the smallest instances; set thresholds from the `max_connections` of your
   * instance class or Serverless v2 maximum capacity.
   * @default - WARNING above 400, CRITICAL above 800; both 5 of 5 × 60 s
   */
  readonly connections?: AlarmThresholds;

  /**
   * Freeable memory, minimum over the instances. Unit: MiB (the metric is in bytes; the threshold
   * is multiplied by 1,048,576). Missing data keeps the alarm's state.
   * @default - WARNING below 512 MiB, 8 of 10 × 60 s; CRITICAL below 256 MiB, 5 of 5 × 60 s
   */
  readonly freeableMemory?: AlarmThresholds;

  /**
   * Largest replication lag of any reader. Unit: milliseconds. Missing data (a cluster without
   * readers) is not breaching.
   * @default - WARNING above 1,000 ms, CRITICAL above 5,000 ms; both 3 of 5 × 60 s
   */
  readonly replicaLag?: AlarmThresholds;
}

/** Alarms of the cache tier. */
export interface CacheAlarmOptions {
  /**
   * Memory used by data relative to `maxmemory` (DatabaseMemoryUsagePercentage) on the fullest
   * node. Unit: percent. Missing data keeps the alarm's state, because ElastiCache reports this
   * metric every minute.
   * @default - WARNING above 75 %, 8 of 10 × 60 s; CRITICAL above 90 %, 5 of 5 × 60 s
   */
  readonly memoryUsage?: AlarmThresholds;

  /**
   * Keys evicted for lack of memory, summed over the nodes per period; evicted sessions log users
   * out. Unit: count per period. Missing data keeps the alarm's state.
   * @default - WARNING above 100, CRITICAL above 1,000; both 2 of 3 × 300 s
   */
  readonly evictions?: AlarmThresholds;

  /**
   * CPU utilization of the Redis engine thread, which runs every command, on the busiest node.
   * Unit: percent. Missing data keeps the alarm's state.
   * @default - WARNING above 70 %, 8 of 10 × 60 s; CRITICAL above 90 %, 5 of 5 × 60 s
   */
  readonly engineCpu?: AlarmThresholds;
}

/** Alarms of each queue. */
export interface QueueAlarmOptions {
  /**
   * Age of the oldest message: how far the workers are behind. Unit: seconds. Missing data is not
   * breaching, because SQS stops reporting metrics of a queue that has been inactive for 6 hours.
   * @default - WARNING above 300 s, CRITICAL above 900 s; both 5 of 5 × 60 s
   */
  readonly ageOfOldestMessage?: AlarmThresholds;

  /**
   * Messages in the dead-letter queue: jobs that failed every attempt. Unit: count. Missing data
   * is not breaching.
   * @default - WARNING above 0 (the queue is not empty), 1 of 1 × 60 s; CRITICAL off (above 100,
   *   1 of 1 × 60 s, when enabled)
   */
  readonly deadLetterMessages?: AlarmThresholds;
}

/** Alarms of each worker function. */
export interface WorkerAlarmOptions {
  /**
   * Invocations that ended in an error, summed per period. Unit: count per period. Missing data
   * (no invocation) is not breaching.
   * @default - WARNING above 0, CRITICAL above 10; both 2 of 3 × 300 s
   */
  readonly errors?: AlarmThresholds;

  /**
   * Invocation requests throttled for lack of concurrency, summed per period. Unit: count per
   * period. Missing data is not breaching.
   * @default - WARNING above 0, CRITICAL above 10; both 2 of 3 × 300 s
   */
  readonly throttles?: AlarmThresholds;
}
