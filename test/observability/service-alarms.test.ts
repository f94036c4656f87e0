import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { AlarmSeverity } from '../../lib/observability/alarm-options';
import { ServiceAlarms, ServiceAlarmsProps } from '../../lib/observability/service-alarms';
import { createTestStack } from '../helpers';
import { AlarmResource, StubQueue, StubWorker, alarmsOf, everyTier, webTier } from './fixtures';

/** Periods of an alarm: its own, or those of the metrics its expression reads. */
function periodsOf(alarm: AlarmResource): number[] {
  if (alarm.Properties.Period !== undefined) {
    return [alarm.Properties.Period];
  }
  return (alarm.Properties.Metrics ?? [])
    .filter((query) => query.MetricStat !== undefined)
    .map((query) => query.MetricStat!.Period);
}

function findAlarm(alarms: Record<string, AlarmResource>, logicalIdPart: string): AlarmResource {
  const matches = Object.entries(alarms).filter(([logicalId]) => logicalId.includes(logicalIdPart));
  expect(matches).toHaveLength(1);
  return matches[0][1];
}

/**
 * Expected settings of every default alarm: logical ID part, threshold in the template's unit,
 * comparison, evaluation periods, datapoints, period in seconds, missing-data treatment.
 */
const EXPECTED: [string, number, string, number, number, number, string][] = [
  ['WebServerErrorRatioWarning', 1, 'GreaterThanThreshold', 5, 3, 60, 'notBreaching'],
  ['WebServerErrorRatioCritical', 5, 'GreaterThanThreshold', 5, 3, 60, 'notBreaching'],
  ['WebLatencyP99Warning', 1, 'GreaterThanThreshold', 5, 3, 60, 'notBreaching'],
  ['WebLatencyP99Critical', 2.5, 'GreaterThanThreshold', 5, 3, 60, 'notBreaching'],
  ['WebUnhealthyHostsWarning', 1, 'GreaterThanOrEqualToThreshold', 5, 5, 60, 'notBreaching'],
  ['WebHealthyHostsCritical', 1, 'LessThanThreshold', 2, 2, 60, 'breaching'],
  ['WebCpuAtMaxCapacityWarning', 75, 'GreaterThanThreshold', 10, 8, 60, 'notBreaching'],
  ['WebCpuAtMaxCapacityCritical', 90, 'GreaterThanThreshold', 5, 5, 60, 'notBreaching'],
  ['WebMemoryAtMaxCapacityWarning', 80, 'GreaterThanThreshold', 10, 8, 60, 'notBreaching'],
  ['WebMemoryAtMaxCapacityCritical', 90, 'GreaterThanThreshold', 5, 5, 60, 'notBreaching'],
  ['DatabaseWriterCpuWarning', 70, 'GreaterThanThreshold', 10, 8, 60, 'missing'],
  ['DatabaseWriterCpuCritical', 90, 'GreaterThanThreshold', 5, 5, 60, 'missing'],
  ['DatabaseReaderCpuWarning', 70, 'GreaterThanThreshold', 10, 8, 60, 'notBreaching'],
  ['DatabaseReaderCpuCritical', 90, 'GreaterThanThreshold', 5, 5, 60, 'notBreaching'],
  ['DatabaseConnectionsWarning', 400, 'GreaterThanThreshold', 5, 5, 60, 'missing'],
  ['DatabaseConnectionsCritical', 800, 'GreaterThanThreshold', 5, 5, 60, 'missing'],
  ['DatabaseFreeableMemoryWarning', 512 * 1024 * 1024, 'LessThanThreshold', 10, 8, 60, 'missing'],
  ['DatabaseFreeableMemoryCritical', 256 * 1024 * 1024, 'LessThanThreshold', 5, 5, 60, 'missing'],
  ['DatabaseReplicaLagWarning', 1000, 'GreaterThanThreshold', 5, 3, 60, 'notBreaching'],
  ['DatabaseReplicaLagCritical', 5000, 'GreaterThanThreshold', 5, 3, 60, 'notBreaching'],
  ['CacheMemoryUsageWarning', 75, 'GreaterThanThreshold', 10, 8, 60, 'missing'],
  ['CacheMemoryUsageCritical', 90, 'GreaterThanThreshold', 5, 5, 60, 'missing'],
  ['CacheEvictionsWarning', 100, 'GreaterThanThreshold', 3, 2, 300, 'missing'],
  ['CacheEvictionsCritical', 1000, 'GreaterThanThreshold', 3, 2, 300, 'missing'],
  ['CacheEngineCpuWarning', 70, 'GreaterThanThreshold', 10, 8, 60, 'missing'],
  ['CacheEngineCpuCritical', 90, 'GreaterThanThreshold', 5, 5, 60, 'missing'],
  ['QueuesOrdersAgeOfOldestMessageWarning', 300, 'GreaterThanThreshold', 5, 5, 60, 'notBreaching'],
  ['QueuesOrdersAgeOfOldestMessageCritical', 900, 'GreaterThanThreshold', 5, 5, 60, 'notBreaching'],
  ['QueuesOrdersDeadLetterMessagesWarning', 0, 'GreaterThanThreshold', 1, 1, 60, 'notBreaching'],
  ['WorkersOrdersErrorsWarning', 0, 'GreaterThanThreshold', 3, 2, 300, 'notBreaching'],
  ['WorkersOrdersErrorsCritical', 10, 'GreaterThanThreshold', 3, 2, 300, 'notBreaching'],
  ['WorkersOrdersThrottlesWarning', 0, 'GreaterThanThreshold', 3, 2, 300, 'notBreaching'],
  ['WorkersOrdersThrottlesCritical', 10, 'GreaterThanThreshold', 3, 2, 300, 'notBreaching'],
];

function buildEveryTier(props: Partial<ServiceAlarmsProps> = {}) {
  const tiers = everyTier();
  const topic = new sns.Topic(tiers.stack, 'Topic');
  const alarms = new ServiceAlarms(tiers.stack, 'Alarms', { ...tiers, topic, ...props });
  return { ...tiers, topic, alarms, template: Template.fromStack(tiers.stack) };
}

describe('ServiceAlarms defaults with every tier', () => {
  let built: ReturnType<typeof buildEveryTier>;
  let alarms: Record<string, AlarmResource>;
  beforeAll(() => {
    built = buildEveryTier();
    alarms = alarmsOf(built.template);
  });

  test('alarm count is two per queue and worker metric', () => {
    // web 10, database 10, cache 6, per queue 3, per worker 4; two queues and two workers.
    expect(Object.keys(alarms)).toHaveLength(10 + 10 + 6 + 2 * 3 + 2 * 4);
    expect(built.alarms.alarms).toHaveLength(40);
    expect(built.alarms.criticalAlarms).toHaveLength(19);
    expect(built.alarms.warningAlarms).toHaveLength(21);
  });

  test.each(EXPECTED)(
    '%s has its documented settings',
    (id, threshold, comparison, evaluation, datapoints, period, missing) => {
      const alarm = findAlarm(alarms, id);
      expect(alarm.Properties.Threshold).toBe(threshold);
      expect(alarm.Properties.ComparisonOperator).toBe(comparison);
      expect(alarm.Properties.EvaluationPeriods).toBe(evaluation);
      expect(alarm.Properties.DatapointsToAlarm).toBe(datapoints);
      expect(alarm.Properties.TreatMissingData).toBe(missing);
      const periods = periodsOf(alarm);
      expect(periods.length).toBeGreaterThan(0);
      for (const seen of periods) {
        expect(seen).toBe(period);
      }
    },
  );

  test('every alarm notifies the topic', () => {
    const topicRef = { Ref: built.stack.getLogicalId(built.topic.node.defaultChild as sns.CfnTopic) };
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
    }
  });

  test('only critical alarms notify on return to OK', () => {
    for (const [logicalId, alarm] of Object.entries(alarms)) {
      const critical = alarm.Properties.AlarmDescription.startsWith('CRITICAL');
      expect(logicalId.includes('Critical')).toBe(critical);
      expect(alarm.Properties.OKActions !== undefined).toBe(critical);
    }
  });

  test('every period is 10, 30 or a multiple of 60 seconds', () => {
    for (const alarm of Object.values(alarms)) {
      for (const period of periodsOf(alarm)) {
        expect(period === 10 || period === 30 || period % 60 === 0).toBe(true);
      }
    }
  });

  test('descriptions name the tier, threshold and unit', () => {
    expect(findAlarm(alarms, 'WebServerErrorRatioCritical').Properties.AlarmDescription).toBe(
      'CRITICAL: TestStack/Web 5xx ratio above 5 percent of requests in 3 of 5 periods of 60 seconds.',
    );
    expect(findAlarm(alarms, 'DatabaseFreeableMemoryCritical').Properties.AlarmDescription).toBe(
      'CRITICAL: TestStack/Database freeable memory below 256 MiB in 5 of 5 periods of 60 seconds.',
    );
  });

  test('5xx ratio adds load balancer errors to both sides', () => {
    const metrics = findAlarm(alarms, 'WebServerErrorRatioWarning').Properties.Metrics!;
    const expression = metrics.find((query) => query.Expression !== undefined)!.Expression;
    expect(expression).toBe(
      'IF((FILL(requests, 0) + FILL(loadBalancerErrors, 0)) > 0, ' +
        '100 * (FILL(targetErrors, 0) + FILL(loadBalancerErrors, 0)) / (FILL(requests, 0) + FILL(loadBalancerErrors, 0)), 0)',
    );
  });

  test('cpu at max capacity compares running tasks with the maximum', () => {
    const metrics = findAlarm(alarms, 'WebCpuAtMaxCapacityCritical').Properties.Metrics!;
    const expression = metrics.find((query) => query.Expression !== undefined)!.Expression;
    expect(expression).toBe(`IF(runningTasks >= ${built.web.maxCapacity}, utilization, 0)`);
  });

  test('latency alarm reads the p99 statistic', () => {
    expect(findAlarm(alarms, 'WebLatencyP99Critical').Properties.ExtendedStatistic).toBe('p99');
  });

  test('alarmsOf returns each severity', () => {
    expect(built.alarms.alarmsOf(AlarmSeverity.CRITICAL)).toEqual(built.alarms.criticalAlarms);
    expect(built.alarms.alarmsOf(AlarmSeverity.WARNING)).toEqual(built.alarms.warningAlarms);
  });
});

describe('ServiceAlarms overrides', () => {
  test('threshold, period and M of N are overridable per severity', () => {
    const { stack, web } = webTier();
    new ServiceAlarms(stack, 'Alarms', {
      web,
      webAlarms: {
        serverErrorRatio: {
          critical: {
            threshold: 10,
            period: Duration.minutes(2),
            evaluationPeriods: 4,
            datapointsToAlarm: 2,
          },
        },
      },
    });
    const alarm = findAlarm(alarmsOf(Template.fromStack(stack)), 'WebServerErrorRatioCritical');
    expect(alarm.Properties.Threshold).toBe(10);
    expect(alarm.Properties.EvaluationPeriods).toBe(4);
    expect(alarm.Properties.DatapointsToAlarm).toBe(2);
    expect(new Set(periodsOf(alarm))).toEqual(new Set([120]));
  });

  test('high-resolution periods are accepted', () => {
    const { stack, web } = webTier();
    new ServiceAlarms(stack, 'Alarms', {
      web,
      webAlarms: {
        latencyP99: { warning: { period: Duration.seconds(10) }, critical: { period: Duration.seconds(30) } },
      },
    });
    const alarms = alarmsOf(Template.fromStack(stack));
    expect(findAlarm(alarms, 'WebLatencyP99Warning').Properties.Period).toBe(10);
    expect(findAlarm(alarms, 'WebLatencyP99Critical').Properties.Period).toBe(30);
  });

  test('disabled alarm is left out and default-off alarm can be enabled', () => {
    const { stack, web } = webTier();
    new ServiceAlarms(stack, 'Alarms', {
      web,
      webAlarms: {
        latencyP99: { warning: { enabled: false } },
        unhealthyHosts: { critical: { enabled: true } },
      },
    });
    const ids = Object.keys(alarmsOf(Template.fromStack(stack)));
    expect(ids.some((id) => id.includes('LatencyP99Warning'))).toBe(false);
    expect(ids.some((id) => id.includes('UnhealthyHostsCritical'))).toBe(true);
  });

  test('freeable memory threshold is given in MiB', () => {
    const built = buildEveryTier({ databaseAlarms: { freeableMemory: { warning: { threshold: 1024 } } } });
    const alarm = findAlarm(alarmsOf(built.template), 'DatabaseFreeableMemoryWarning');
    expect(alarm.Properties.Threshold).toBe(1024 * 1024 * 1024);
  });

  test('without a topic alarms have no action', () => {
    const { stack, web } = webTier();
    new ServiceAlarms(stack, 'Alarms', { web });
    for (const alarm of Object.values(alarmsOf(Template.fromStack(stack)))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  test('without tiers there is no alarm', () => {
    const stack = createTestStack();
    const alarms = new ServiceAlarms(stack, 'Alarms');
    expect(alarms.alarms).toHaveLength(0);
    expect(alarms.node.children).toHaveLength(0);
  });
});

describe('ServiceAlarms validation', () => {
  test('bad period fails synth naming the alarm', () => {
    const { stack, web } = webTier();
    expect(
      () =>
        new ServiceAlarms(stack, 'Alarms', {
          web,
          webAlarms: { serverErrorRatio: { critical: { period: Duration.seconds(90) } } },
        }),
    ).toThrow(
      'TestStack/Alarms: invalid webAlarms.serverErrorRatio.critical.period: got 90 seconds for alarm ' +
        '"TestStack/Web 5xx ratio (CRITICAL)"; a period must be 10 seconds, 30 seconds or a multiple of 60 seconds',
    );
  });

  test('20-second period fails synth', () => {
    const { stack, web } = webTier();
    expect(
      () =>
        new ServiceAlarms(stack, 'Alarms', {
          web,
          webAlarms: { latencyP99: { warning: { period: Duration.seconds(20) } } },
        }),
    ).toThrow(/invalid webAlarms.latencyP99.warning.period: got 20 seconds/);
  });

  test('datapoints above evaluation periods fail synth', () => {
    const { stack, web } = webTier();
    expect(
      () =>
        new ServiceAlarms(stack, 'Alarms', {
          web,
          webAlarms: { latencyP99: { warning: { evaluationPeriods: 2, datapointsToAlarm: 3 } } },
        }),
    ).toThrow(
      /invalid webAlarms.latencyP99.warning.datapointsToAlarm: got 3 for alarm .*from 1 to evaluationPeriods \(2\)/,
    );
  });

  test('evaluation range over one day for short periods fails synth', () => {
    const { stack, web } = webTier();
    expect(
      () =>
        new ServiceAlarms(stack, 'Alarms', {
          web,
          webAlarms: { latencyP99: { warning: { evaluationPeriods: 1441, datapointsToAlarm: 1 } } },
        }),
    ).toThrow(/invalid webAlarms.latencyP99.warning.evaluationPeriods: got 1441 periods of 60 seconds/);
  });

  test('non-finite threshold fails synth', () => {
    const { stack, web } = webTier();
    expect(
      () =>
        new ServiceAlarms(stack, 'Alarms', {
          web,
          webAlarms: { latencyP99: { warning: { threshold: NaN } } },
        }),
    ).toThrow(/invalid webAlarms.latencyP99.warning.threshold: got NaN/);
  });

  test('queues sharing a construct ID fail synth', () => {
    const stack = createTestStack();
    const first = new StubQueue(stack, 'Jobs');
    const second = new StubQueue(new StubQueue(stack, 'Other'), 'Jobs');
    expect(() => new ServiceAlarms(stack, 'Alarms', { queues: [first, second] })).toThrow(
      /invalid queues: got TestStack\/Jobs and TestStack\/Other\/Jobs, which share the construct ID "Jobs"/,
    );
  });
  test('workers sharing a construct ID fail synth', () => {
    const stack = createTestStack();
    const first = new StubWorker(stack, 'Jobs');
    const second = new StubWorker(new StubWorker(stack, 'Other'), 'Jobs');
    expect(() => new ServiceAlarms(stack, 'Alarms', { workers: [first, second] })).toThrow(
      /invalid workers: got TestStack\/Jobs and TestStack\/Other\/Jobs, which share the construct ID "Jobs"/,
    );
  });
});
