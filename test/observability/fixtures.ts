import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { WorkerQueue } from '../../lib/async/worker-queue';
import { AuroraDatabase } from '../../lib/data/aurora-database';
import { RedisCache } from '../../lib/data/redis-cache';
import { Network } from '../../lib/network/network';
import { IQueueMetrics, IWorkerMetrics } from '../../lib/core/tier-metrics';
import { WebFirewall } from '../../lib/security/web-firewall';
import { WebService } from '../../lib/web/web-service';
import { createTestStack } from '../helpers';

/**
 * Light stand-in for a WorkerQueue's queue metrics, with the metric names and dimensions SQS
 * publishes, for tests that need no worker function.
 */
export class StubQueue extends Construct implements IQueueMetrics {
  public metricVisibleMessagesMaxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.sqs('ApproximateNumberOfMessagesVisible', this.node.id, props);
  }
  public metricOldestMessageAgeMaxSeconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.sqs('ApproximateAgeOfOldestMessage', this.node.id, props);
  }
  public metricDeadLetterMessagesMaxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.sqs('ApproximateNumberOfMessagesVisible', `${this.node.id}-dlq`, props);
  }
  private sqs(metricName: string, queueName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/SQS',
      metricName,
      dimensionsMap: { QueueName: queueName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      ...props,
    });
  }
}

/** Light stand-in for a WorkerQueue's worker function metrics, for tests that need no function. */
export class StubWorker extends Construct implements IWorkerMetrics {
  public metricInvocationsSumCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambda('Invocations', cloudwatch.Stats.SUM, props);
  }
  public metricErrorsSumCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambda('Errors', cloudwatch.Stats.SUM, props);
  }
  public metricThrottlesSumCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambda('Throttles', cloudwatch.Stats.SUM, props);
  }
  public metricDurationP99Milliseconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambda('Duration', cloudwatch.Stats.p(99), props);
  }
  public metricConcurrentExecutionsMaxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.lambda('ConcurrentExecutions', cloudwatch.Stats.MAXIMUM, props);
  }
  private lambda(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName,
      dimensionsMap: { FunctionName: this.node.id },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }
}

/** Builds a Network and a WebService, the minimum the observability tier watches. */
export function webTier(stack: Stack = createTestStack()) {
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', { vpc: network.vpc });
  return { stack, network, web };
}

/** Builds every tier: web, firewall, database, cache and two worker queues. */
export function everyTier(stack: Stack = createTestStack()) {
  const { network, web } = webTier(stack);
  const firewall = new WebFirewall(stack, 'Firewall', { loadBalancer: web.loadBalancer });
  const database = new AuroraDatabase(stack, 'Database', { vpc: network.vpc });
  const cache = new RedisCache(stack, 'Cache', { vpc: network.vpc });
  // A WorkerQueue is both a queue and a worker, so the same objects go to `queues` and `workers`.
  const workerQueues = [new WorkerQueue(stack, 'Orders'), new WorkerQueue(stack, 'Emails')];
  return { stack, network, web, firewall, database, cache, queues: workerQueues, workers: workerQueues };
}

/** A dashboard widget as CloudWatch stores it. */
export interface DashboardWidgetJson {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly metrics?: unknown[][];
    readonly alarms?: unknown[];
    readonly period?: number;
    readonly [key: string]: unknown;
  };
}

/**
 * Parses the body of the only dashboard in the template. The body is an Fn::Join of strings and
 * references, and each reference becomes the string "REF" so that the result parses as JSON.
 */
export function dashboardWidgets(template: Template): DashboardWidgetJson[] {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) {
    throw new Error(`expected one dashboard, found ${dashboards.length}`);
  }
  const body = dashboards[0].Properties.DashboardBody;
  const text =
    typeof body === 'string'
      ? body
      : (body['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return JSON.parse(text).widgets;
}

/** Returns every CloudWatch alarm of the template, keyed by logical ID. */
export function alarmsOf(template: Template): Record<string, AlarmResource> {
  return template.findResources('AWS::CloudWatch::Alarm') as Record<string, AlarmResource>;
}

/** The properties of an AWS::CloudWatch::Alarm that the tests read. */
export interface AlarmResource {
  readonly Properties: {
    readonly AlarmDescription: string;
    readonly Threshold: number;
    readonly ComparisonOperator: string;
    readonly EvaluationPeriods: number;
    readonly DatapointsToAlarm: number;
    readonly TreatMissingData: string;
    readonly Period?: number;
    readonly Metrics?: {
      readonly Id: string;
      readonly Expression?: string;
      readonly MetricStat?: {
        readonly Period: number;
        readonly Stat: string;
        readonly Metric: { readonly MetricName: string };
      };
    }[];
    readonly AlarmActions?: unknown[];
    readonly OKActions?: unknown[];
    readonly ExtendedStatistic?: string;
    readonly Statistic?: string;
    readonly MetricName?: string;
  };
}
