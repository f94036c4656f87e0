import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  ICacheMetrics,
  IDatabaseMetrics,
  IQueueMetrics,
  IWebMetrics,
  IWorkerMetrics,
} from '../../core/tier-metrics';
import { AlarmSpec, severity } from './alarm-factory';
import { serverErrorRatio, utilizationAtMaxCapacity } from './expressions';

/*
 * Defaults of every metric alarm. The JSDoc of the matching prop in alarm-options.ts states the
 * same numbers; change both together. `severity(threshold, datapoints, evaluationPeriods,
 * periodSeconds, enabled)` reads as "threshold, M of N × period".
 *
 * Missing data: ALB, SQS and Lambda publish nothing without traffic, so their alarms treat
 * missing data as not breaching. Aurora and ElastiCache publish every minute, so their alarms
 * ignore missing points and keep their state (MISSING).
 */

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
const BREACHING = cloudwatch.TreatMissingData.BREACHING;
const MISSING = cloudwatch.TreatMissingData.MISSING;

const BYTES_PER_MIB = 1024 * 1024;

/** Alarms of the web tier. */
export function webAlarmSpecs(web: IWebMetrics): AlarmSpec[] {
  return [
    {
      key: 'serverErrorRatio',
      title: '5xx ratio',
      unit: 'percent of requests',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(1, 3, 5, 60),
      critical: severity(5, 3, 5, 60),
      metric: (period) => serverErrorRatio(web, period, 100, '5xx ratio (%)'),
    },
    {
      key: 'latencyP99',
      title: 'p99 target response time',
      unit: 'seconds',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(1, 3, 5, 60),
      critical: severity(2.5, 3, 5, 60),
      metric: (period) => web.metricTargetResponseTimeP99Seconds({ period }),
    },
    {
      key: 'unhealthyHosts',
      title: 'unhealthy tasks',
      unit: 'tasks',
      comparison: GTE,
      treatMissingData: NOT_BREACHING,
      warning: severity(1, 5, 5, 60),
      critical: severity(3, 5, 5, 60, false),
      metric: (period) => web.metricUnhealthyHostCountMax({ period }),
    },
    {
      key: 'healthyHosts',
      title: 'healthy tasks',
      unit: 'tasks',
      comparison: LT,
      treatMissingData: BREACHING,
      warning: severity(2, 5, 5, 60, false),
      critical: severity(1, 2, 2, 60),
      metric: (period) => web.metricHealthyHostCountMin({ period }),
    },
    {
      key: 'cpuAtMaxCapacity',
      title: `CPU utilization at the maximum of ${web.maxCapacity} tasks`,
      unit: 'percent',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(75, 8, 10, 60),
      critical: severity(90, 5, 5, 60),
      metric: (period) =>
        utilizationAtMaxCapacity(
          web,
          web.metricCpuUtilizationAveragePercent({ period }),
          period,
          'CPU at max capacity (%)',
        ),
    },
    {
      key: 'memoryAtMaxCapacity',
      title: `memory utilization at the maximum of ${web.maxCapacity} tasks`,
      unit: 'percent',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(80, 8, 10, 60),
      critical: severity(90, 5, 5, 60),
      metric: (period) =>
        utilizationAtMaxCapacity(
          web,
          web.metricMemoryUtilizationAveragePercent({ period }),
          period,
          'Memory at max capacity (%)',
        ),
    },
  ];
}

/** Alarms of the database tier. */
export function databaseAlarmSpecs(database: IDatabaseMetrics): AlarmSpec[] {
  return [
    {
      key: 'writerCpu',
      title: 'writer CPU utilization',
      unit: 'percent',
      comparison: GT,
      treatMissingData: MISSING,
      warning: severity(70, 8, 10, 60),
      critical: severity(90, 5, 5, 60),
      metric: (period) => database.metricWriterCpuUtilizationAveragePercent({ period }),
    },
    {
      key: 'readerCpu',
      title: 'reader CPU utilization',
      unit: 'percent',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(70, 8, 10, 60),
      critical: severity(90, 5, 5, 60),
      metric: (period) => database.metricReaderCpuUtilizationAveragePercent({ period }),
    },
    {
      key: 'connections',
      title: 'client connections',
      unit: 'connections',
      comparison: GT,
      treatMissingData: MISSING,
      warning: severity(400, 5, 5, 60),
      critical: severity(800, 5, 5, 60),
      metric: (period) => database.metricDatabaseConnectionsAverageCount({ period }),
    },
    {
      key: 'freeableMemory',
      title: 'freeable memory',
      unit: 'MiB',
      comparison: LT,
      treatMissingData: MISSING,
      warning: severity(512, 8, 10, 60),
      critical: severity(256, 5, 5, 60),
      thresholdFactor: BYTES_PER_MIB,
      metric: (period) => database.metricFreeableMemoryMinimumBytes({ period }),
    },
    {
      key: 'replicaLag',
      title: 'replica lag',
      unit: 'milliseconds',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(1000, 3, 5, 60),
      critical: severity(5000, 3, 5, 60),
      metric: (period) => database.metricReplicaLagMaximumMilliseconds({ period }),
    },
  ];
}

/** Alarms of the cache tier. */
export function cacheAlarmSpecs(cache: ICacheMetrics): AlarmSpec[] {
  return [
    {
      key: 'memoryUsage',
      title: 'memory usage of the fullest node',
      unit: 'percent',
      comparison: GT,
      treatMissingData: MISSING,
      warning: severity(75, 8, 10, 60),
      critical: severity(90, 5, 5, 60),
      metric: (period) => cache.metricMemoryUsageMaximumPercent({ period }),
    },
    {
      key: 'evictions',
      title: 'evictions',
      unit: 'keys per period',
      comparison: GT,
      treatMissingData: MISSING,
      warning: severity(100, 2, 3, 300),
      critical: severity(1000, 2, 3, 300),
      metric: (period) => cache.metricEvictionsSum({ period }),
    },
    {
      key: 'engineCpu',
      title: 'engine CPU utilization of the busiest node',
      unit: 'percent',
      comparison: GT,
      treatMissingData: MISSING,
      warning: severity(70, 8, 10, 60),
      critical: severity(90, 5, 5, 60),
      metric: (period) => cache.metricEngineCpuUtilizationMaximumPercent({ period }),
    },
  ];
}

/** Alarms of one queue. */
export function queueAlarmSpecs(queue: IQueueMetrics): AlarmSpec[] {
  return [
    {
      key: 'ageOfOldestMessage',
      title: 'age of the oldest message',
      unit: 'seconds',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(300, 5, 5, 60),
      critical: severity(900, 5, 5, 60),
      metric: (period) => queue.metricOldestMessageAgeMaxSeconds({ period }),
    },
    {
      key: 'deadLetterMessages',
      title: 'dead-letter queue messages',
      unit: 'messages',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(0, 1, 1, 60),
      critical: severity(100, 1, 1, 60, false),
      metric: (period) => queue.metricDeadLetterMessagesMaxCount({ period }),
    },
  ];
}

/** Alarms of one worker function. */
export function workerAlarmSpecs(worker: IWorkerMetrics): AlarmSpec[] {
  return [
    {
      key: 'errors',
      title: 'errors',
      unit: 'invocations per period',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(0, 2, 3, 300),
      critical: severity(10, 2, 3, 300),
      metric: (period) => worker.metricErrorsSumCount({ period }),
    },
    {
      key: 'throttles',
      title: 'throttles',
      unit: 'requests per period',
      comparison: GT,
      treatMissingData: NOT_BREACHING,
      warning: severity(0, 2, 3, 300),
      critical: severity(10, 2, 3, 300),
      metric: (period) => worker.metricThrottlesSumCount({ period }),
    },
  ];
}
