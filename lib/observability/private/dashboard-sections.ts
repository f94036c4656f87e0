import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import {
  ICacheMetrics,
  IDatabaseMetrics,
  IFirewallMetrics,
  IQueueMetrics,
  IWebMetrics,
  IWorkerMetrics,
} from '../../core/tier-metrics';
import { ResolvedDashboardColors } from './colors';
import { availabilityPercent, labelled, serverErrorRatio } from './expressions';

/*
 * Widgets of each dashboard section. Every section starts with a full-width heading, and the
 * widths of each row add up to 24, the width of the CloudWatch dashboard grid.
 */

/** Settings shared by every section: the period of its metrics and the colours of its series. */
export interface SectionContext {
  readonly period: Duration;
  readonly colors: ResolvedDashboardColors;
}

const SECTION_HEADING_HEIGHT = 1;
const GRAPH_HEIGHT = 6;
const SINGLE_VALUE_HEIGHT = 4;
const PERCENT_AXIS: cloudwatch.YAxisProps = { min: 0, max: 100, label: 'Percent', showUnits: false };
const ZERO_BASED_AXIS: cloudwatch.YAxisProps = { min: 0 };

/** Full-width markdown heading of a section. */
export function heading(markdown: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({ markdown, width: 24, height: SECTION_HEADING_HEIGHT });
}

/**
 * Graph widget. CloudWatch rejects a widget without metrics, so an empty `left` is a bug here.
 * The widget states the period itself: the dashboard JSON leaves out a metric's period when it
 * is the 300-second default.
 */
function graph(
  title: string,
  width: number,
  period: Duration,
  left: cloudwatch.IMetric[],
  leftYAxis: cloudwatch.YAxisProps = ZERO_BASED_AXIS,
): cloudwatch.GraphWidget {
  if (left.length === 0) {
    throw new Error(`Dashboard widget "${title}" has no metric`);
  }
  return new cloudwatch.GraphWidget({ title, width, height: GRAPH_HEIGHT, period, left, leftYAxis });
}

/** Builds the header's numbers: requests, error ratio and p99 latency per period, availability over the time range. */
export function headerNumbers(web: IWebMetrics, context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  const single = (title: string, metric: cloudwatch.IMetric, setPeriodToTimeRange: boolean) =>
    new cloudwatch.SingleValueWidget({
      title,
      width: 6,
      height: SINGLE_VALUE_HEIGHT,
      metrics: [metric],
      period,
      sparkline: !setPeriodToTimeRange,
      setPeriodToTimeRange,
    });
  return [
    single(
      'Requests',
      web.metricRequestCountSum({ period, label: 'Requests', color: colors.traffic }),
      false,
    ),
    single(
      'Error ratio (%)',
      withColor(serverErrorRatio(web, period, 100, '5xx ratio (%)'), colors.error),
      false,
    ),
    single(
      'p99 latency (s)',
      web.metricTargetResponseTimeP99Seconds({ period, label: 'p99', color: colors.warning }),
      false,
    ),
    single(
      'Availability over the time range (%)',
      withColor(availabilityPercent(web, period, 'Availability (%)'), colors.healthy),
      true,
    ),
  ];
}

/** WAF: allowed, blocked and rate-limited requests. */
export function firewallSection(firewall: IFirewallMetrics, context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  return [
    heading('## Web application firewall'),
    graph('Allowed and blocked requests', 12, period, [
      firewall.metricAllowedRequestsSum({ period, label: 'Allowed', color: colors.traffic }),
      firewall.metricBlockedRequestsSum({ period, label: 'Blocked', color: colors.error }),
    ]),
    graph('Rate-limited requests (HTTP 429)', 12, period, [
      firewall.metricRateLimitedRequestsSum({ period, label: 'Rate-limited', color: colors.warning }),
    ]),
  ];
}

/** Load balancer: requests, 4xx and 5xx, target response time percentiles and host health. */
export function loadBalancerSection(web: IWebMetrics, context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  return [
    heading('## Load balancer'),
    graph('Requests', 6, period, [
      web.metricRequestCountSum({ period, label: 'Requests', color: colors.traffic }),
    ]),
    graph('4xx and 5xx responses', 6, period, [
      web.metricTarget4xxCountSum({ period, label: 'Target 4xx', color: colors.neutral }),
      web.metricLoadBalancer4xxCountSum({ period, label: 'Load balancer 4xx', color: colors.secondary }),
      web.metricTarget5xxCountSum({ period, label: 'Target 5xx', color: colors.error }),
      web.metricLoadBalancer5xxCountSum({ period, label: 'Load balancer 5xx', color: colors.warning }),
    ]),
    graph('Target response time (s)', 6, period, [
      web.metricTargetResponseTimeP50Seconds({ period, label: 'p50', color: colors.neutral }),
      web.metricTargetResponseTimeP90Seconds({ period, label: 'p90', color: colors.secondary }),
      web.metricTargetResponseTimeP99Seconds({ period, label: 'p99', color: colors.warning }),
    ]),
    graph('Targets', 6, period, [
      web.metricHealthyHostCountMin({ period, label: 'Healthy', color: colors.healthy }),
      web.metricUnhealthyHostCountMax({ period, label: 'Unhealthy', color: colors.error }),
    ]),
  ];
}

/** Fargate service: CPU, memory, running against desired tasks. */
export function serviceSection(web: IWebMetrics, context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  return [
    heading('## Service'),
    graph(
      'CPU utilization (%)',
      8,
      period,
      [web.metricCpuUtilizationAveragePercent({ period, label: 'CPU', color: colors.traffic })],
      PERCENT_AXIS,
    ),
    graph(
      'Memory utilization (%)',
      8,
      period,
      [web.metricMemoryUtilizationAveragePercent({ period, label: 'Memory', color: colors.secondary })],
      PERCENT_AXIS,
    ),
    graph('Tasks', 8, period, [
      web.metricRunningTaskCountAverage({ period, label: 'Running', color: colors.healthy }),
      web.metricDesiredTaskCountAverage({ period, label: 'Desired', color: colors.secondary }),
    ]),
  ];
}

/** Aurora: writer and reader CPU, connections, replica lag, freeable memory, Serverless capacity. */
export function databaseSection(database: IDatabaseMetrics, context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  const widgets: cloudwatch.IWidget[] = [
    heading('## Database'),
    graph(
      'CPU utilization (%)',
      8,
      period,
      [
        database.metricWriterCpuUtilizationAveragePercent({ period, label: 'Writer', color: colors.traffic }),
        database.metricReaderCpuUtilizationAveragePercent({
          period,
          label: 'Readers',
          color: colors.secondary,
        }),
      ],
      PERCENT_AXIS,
    ),
    graph('Connections', 8, period, [
      database.metricDatabaseConnectionsAverageCount({ period, label: 'Connections', color: colors.neutral }),
    ]),
    graph('Replica lag (ms)', 8, period, [
      database.metricReplicaLagMaximumMilliseconds({
        period,
        label: 'Max replica lag',
        color: colors.warning,
      }),
    ]),
  ];
  const freeableMemory = database.metricFreeableMemoryMinimumBytes({
    period,
    label: 'Min freeable memory',
    color: colors.healthy,
  });
  if (database.serverless) {
    widgets.push(
      graph('Freeable memory (bytes)', 12, period, [freeableMemory]),
      graph('Serverless v2 capacity (ACU)', 12, period, [
        database.metricServerlessCapacityAverageAcu({ period, label: 'Capacity', color: colors.traffic }),
      ]),
    );
  } else {
    widgets.push(graph('Freeable memory (bytes)', 24, period, [freeableMemory]));
  }
  return widgets;
}

/**
 * Redis: host and engine CPU, memory, hit rate, evictions, connections. Each cache helper returns
 * metric math over the nodes with IDs of its own (`node1`, …), and two such expressions in one
 * graph would clash, so every graph shows one.
 */
export function cacheSection(cache: ICacheMetrics, context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  const single = (
    title: string,
    metric: cloudwatch.IMetric,
    label: string,
    color: string,
    axis?: cloudwatch.YAxisProps,
  ) => graph(title, 8, period, [labelled(metric, period, label, color)], axis);
  return [
    heading('## Cache'),
    single(
      'Host CPU, busiest node (%)',
      cache.metricCpuUtilizationMaximumPercent({ period }),
      'Host CPU',
      colors.traffic,
      PERCENT_AXIS,
    ),
    single(
      'Engine CPU, busiest node (%)',
      cache.metricEngineCpuUtilizationMaximumPercent({ period }),
      'Engine CPU',
      colors.secondary,
      PERCENT_AXIS,
    ),
    single(
      'Memory usage, fullest node (%)',
      cache.metricMemoryUsageMaximumPercent({ period }),
      'Memory',
      colors.warning,
      PERCENT_AXIS,
    ),
    single(
      'Hit rate (%)',
      cache.metricCacheHitRatePercent({ period }),
      'Hit rate',
      colors.healthy,
      PERCENT_AXIS,
    ),
    single('Evictions', cache.metricEvictionsSum({ period }), 'Evictions', colors.error),
    single('Connections', cache.metricCurrentConnectionsSum({ period }), 'Connections', colors.neutral),
  ];
}

/** Queues: visible messages, age of the oldest message, dead-letter queue depth; a line per queue. */
export function queueSection(queues: IQueueMetrics[], context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  const color = (role: string) => (queues.length === 1 ? role : undefined);
  return [
    heading('## Queues'),
    graph(
      'Visible messages',
      8,
      period,
      queues.map((queue) =>
        queue.metricVisibleMessagesMaxCount({
          period,
          label: lineLabel(queue),
          color: color(colors.traffic),
        }),
      ),
    ),
    graph(
      'Age of the oldest message (s)',
      8,
      period,
      queues.map((queue) =>
        queue.metricOldestMessageAgeMaxSeconds({
          period,
          label: lineLabel(queue),
          color: color(colors.warning),
        }),
      ),
    ),
    graph(
      'Dead-letter queue messages',
      8,
      period,
      queues.map((queue) =>
        queue.metricDeadLetterMessagesMaxCount({
          period,
          label: lineLabel(queue),
          color: color(colors.error),
        }),
      ),
    ),
  ];
}

/** Workers: invocations, errors and throttles, p99 duration, concurrency; lines per worker. */
export function workerSection(workers: IWorkerMetrics[], context: SectionContext): cloudwatch.IWidget[] {
  const { period, colors } = context;
  const single = workers.length === 1;
  const color = (role: string) => (single ? role : undefined);
  return [
    heading('## Workers'),
    graph(
      'Invocations',
      6,
      period,
      workers.map((worker) =>
        worker.metricInvocationsSumCount({ period, label: lineLabel(worker), color: color(colors.traffic) }),
      ),
    ),
    graph(
      'Errors and throttles',
      6,
      period,
      workers.flatMap((worker) => [
        worker.metricErrorsSumCount({
          period,
          label: `${lineLabel(worker)} errors`,
          color: color(colors.error),
        }),
        worker.metricThrottlesSumCount({
          period,
          label: `${lineLabel(worker)} throttles`,
          color: color(colors.warning),
        }),
      ]),
    ),
    graph(
      'Duration p99 (ms)',
      6,
      period,
      workers.map((worker) =>
        worker.metricDurationP99Milliseconds({
          period,
          label: lineLabel(worker),
          color: color(colors.secondary),
        }),
      ),
    ),
    graph(
      'Concurrent executions',
      6,
      period,
      workers.map((worker) =>
        worker.metricConcurrentExecutionsMaxCount({
          period,
          label: lineLabel(worker),
          color: color(colors.neutral),
        }),
      ),
    ),
  ];
}

/** Alarm states, full width; its height grows with the number of alarms (4 per line). */
export function alarmStatus(alarms: cloudwatch.IAlarm[]): cloudwatch.AlarmStatusWidget {
  return new cloudwatch.AlarmStatusWidget({
    title: 'Alarms',
    alarms,
    width: 24,
    height: Math.min(2 + Math.ceil(alarms.length / 4), 12),
    sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
  });
}

function lineLabel(tier: IConstruct): string {
  return tier.node.id;
}

function withColor(expression: cloudwatch.MathExpression, color: string): cloudwatch.MathExpression {
  return expression.with({ color });
}
