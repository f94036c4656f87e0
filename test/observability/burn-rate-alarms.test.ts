import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AlarmSeverity } from '../../lib/observability/alarm-options';
import {
  BurnRateAlarms,
  BurnRateAlarmsProps,
  ServiceLevelIndicator,
} from '../../lib/observability/burn-rate-alarms';
import { alarmsOf, webTier } from './fixtures';

function build(props: Partial<BurnRateAlarmsProps> = {}) {
  const { stack, web } = webTier();
  const topic = new sns.Topic(stack, 'Topic');
  const burnRates = new BurnRateAlarms(stack, 'Slo', { web, topic, ...props });
  return { stack, web, topic, burnRates };
}

function pair(burnRates: BurnRateAlarms, indicator: ServiceLevelIndicator, longWindowHours: number) {
  const found = burnRates.pairs.find(
    (candidate) => candidate.indicator === indicator && candidate.longWindow.toHours() === longWindowHours,
  );
  expect(found).toBeDefined();
  return found!;
}

describe('BurnRateAlarms math', () => {
  test('error budget of 99.9 percent is 0.001', () => {
    expect(BurnRateAlarms.errorBudget(99.9)).toBe(0.001);
    expect(BurnRateAlarms.errorBudget(99)).toBe(0.01);
  });

  test('burn rates over 30 days are 14.4, 6 and 1', () => {
    const window = Duration.days(30);
    expect(BurnRateAlarms.burnRate(0.02, window, Duration.hours(1))).toBe(14.4);
    expect(BurnRateAlarms.burnRate(0.05, window, Duration.hours(6))).toBe(6);
    expect(BurnRateAlarms.burnRate(0.1, window, Duration.days(3))).toBe(1);
  });

  test('burn rate over 28 days is 13.44', () => {
    expect(BurnRateAlarms.burnRate(0.02, Duration.days(28), Duration.hours(1))).toBe(13.44);
  });

  test('99.9 percent gives fast threshold 0.0144 and slow threshold 0.006', () => {
    const { burnRates } = build({ availability: { objectivePercent: 99.9 } });
    const fast = pair(burnRates, ServiceLevelIndicator.AVAILABILITY, 1);
    expect(fast.burnRate).toBe(14.4);
    expect(fast.threshold).toBe(0.0144);
    expect(fast.severity).toBe(AlarmSeverity.CRITICAL);
    expect(fast.shortWindow.toMinutes()).toBe(5);
    const slow = pair(burnRates, ServiceLevelIndicator.AVAILABILITY, 6);
    expect(slow.burnRate).toBe(6);
    expect(slow.threshold).toBe(0.006);
    expect(slow.severity).toBe(AlarmSeverity.WARNING);
    expect(slow.shortWindow.toMinutes()).toBe(30);
  });

  test('99 percent latency gives fast threshold 0.144', () => {
    const { burnRates } = build({ latency: { objectivePercent: 99 } });
    expect(pair(burnRates, ServiceLevelIndicator.LATENCY, 1).threshold).toBe(0.144);
  });
});

describe('BurnRateAlarms template', () => {
  let template: Template;
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build();
    template = Template.fromStack(built.stack);
  });

  test('two pairs per objective, each a composite of two alarms', () => {
    expect(built.burnRates.pairs).toHaveLength(4);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 4);
  });

  test('window alarms use the window as period and no action', () => {
    const alarms = alarmsOf(template);
    const expected: Record<string, number> = {
      AvailabilityFastLong: 3600,
      AvailabilityFastShort: 300,
      AvailabilitySlowLong: 21600,
      AvailabilitySlowShort: 1800,
      LatencyFastLong: 3600,
      LatencyFastShort: 300,
      LatencySlowLong: 21600,
      LatencySlowShort: 1800,
    };
    for (const [idPart, period] of Object.entries(expected)) {
      const matches = Object.entries(alarms).filter(([id]) => id.includes(idPart));
      expect(matches).toHaveLength(1);
      const alarm = matches[0][1];
      const periods = alarm.Properties.Metrics!.filter((query) => query.MetricStat).map(
        (q) => q.MetricStat!.Period,
      );
      expect(periods.length).toBeGreaterThan(0);
      expect(new Set(periods)).toEqual(new Set([period]));
      expect(alarm.Properties.EvaluationPeriods).toBe(1);
      expect(alarm.Properties.DatapointsToAlarm).toBe(1);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  test('availability thresholds follow the default 99.9 percent', () => {
    const alarms = alarmsOf(template);
    const threshold = (idPart: string) =>
      Object.entries(alarms).find(([id]) => id.includes(idPart))![1].Properties.Threshold;
    expect(threshold('AvailabilityFastLong')).toBe(0.0144);
    expect(threshold('AvailabilityFastShort')).toBe(0.0144);
    expect(threshold('AvailabilitySlowLong')).toBe(0.006);
    expect(threshold('LatencyFastLong')).toBe(0.144);
    expect(threshold('LatencySlowShort')).toBe(0.06);
  });

  test('availability reads the 5xx ratio as a fraction', () => {
    const alarm = Object.entries(alarmsOf(template)).find(([id]) => id.includes('AvailabilityFastLong'))![1];
    const expression = alarm.Properties.Metrics!.find((query) => query.Expression)!.Expression;
    expect(expression).toBe(
      'IF((FILL(requests, 0) + FILL(loadBalancerErrors, 0)) > 0, ' +
        '(FILL(targetErrors, 0) + FILL(loadBalancerErrors, 0)) / (FILL(requests, 0) + FILL(loadBalancerErrors, 0)), 0)',
    );
  });

  test('latency reads the percentile rank of the threshold', () => {
    const alarm = Object.entries(alarmsOf(template)).find(([id]) => id.includes('LatencyFastShort'))![1];
    const queries = alarm.Properties.Metrics!;
    expect(queries.find((query) => query.Expression)!.Expression).toBe('(100 - fastPercent) / 100');
    const rank = queries.find((query) => query.Id === 'fastPercent')!.MetricStat!;
    expect(rank.Stat).toBe('PR(:1)');
    expect(rank.Metric.MetricName).toBe('TargetResponseTime');
  });

  test('composite is the AND of long and short window and notifies the topic', () => {
    const topicRef = { Ref: built.stack.getLogicalId(built.topic.node.defaultChild as sns.CfnTopic) };
    const fast = pair(built.burnRates, ServiceLevelIndicator.AVAILABILITY, 1);
    const longId = built.stack.getLogicalId(fast.longWindowAlarm.node.defaultChild as cloudwatch.CfnAlarm);
    const shortId = built.stack.getLogicalId(fast.shortWindowAlarm.node.defaultChild as cloudwatch.CfnAlarm);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmRule: {
        'Fn::Join': [
          '',
          [
            '(ALARM("',
            { 'Fn::GetAtt': [longId, 'Arn'] },
            '") AND ALARM("',
            { 'Fn::GetAtt': [shortId, 'Arn'] },
            '"))',
          ],
        ],
      },
      AlarmActions: [topicRef],
      OKActions: [topicRef],
      AlarmDescription: Match.stringLikeRegexp('^CRITICAL: the availability objective \\(99.9 %'),
    });
  });

  test('alarmsOf splits pairs by severity', () => {
    expect(built.burnRates.alarmsOf(AlarmSeverity.CRITICAL)).toHaveLength(2);
    expect(built.burnRates.alarmsOf(AlarmSeverity.WARNING)).toHaveLength(2);
  });
});

describe('BurnRateAlarms options', () => {
  test('three-day pair adds a warning over 3 days and 6 hours', () => {
    const { burnRates, stack } = build({ threeDayPair: true });
    expect(burnRates.pairs).toHaveLength(6);
    const slowest = pair(burnRates, ServiceLevelIndicator.AVAILABILITY, 72);
    expect(slowest.burnRate).toBe(1);
    expect(slowest.threshold).toBe(0.001);
    expect(slowest.shortWindow.toHours()).toBe(6);
    expect(slowest.severity).toBe(AlarmSeverity.WARNING);
    const alarms = alarmsOf(Template.fromStack(stack));
    const long = Object.entries(alarms).find(([id]) => id.includes('AvailabilityThreeDayLong'))![1];
    expect(long.Properties.Metrics!.filter((q) => q.MetricStat)[0].MetricStat!.Period).toBe(259200);
  });

  test('latency threshold in milliseconds reaches the statistic', () => {
    const { stack } = build({ latency: { threshold: Duration.millis(250) } });
    const alarm = Object.entries(alarmsOf(Template.fromStack(stack))).find(([id]) =>
      id.includes('LatencyFastLong'),
    )![1];
    expect(alarm.Properties.Metrics!.find((query) => query.Id === 'fastPercent')!.MetricStat!.Stat).toBe(
      'PR(:0.25)',
    );
  });

  test('28-day window scales the burn rates', () => {
    const { burnRates } = build({ complianceWindow: Duration.days(28) });
    const fast = pair(burnRates, ServiceLevelIndicator.AVAILABILITY, 1);
    expect(fast.burnRate).toBe(13.44);
    expect(fast.threshold).toBe(0.01344);
  });

  test('unreachable threshold warns', () => {
    const { stack } = build({ availability: { objectivePercent: 90 } });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Slo/Availability/Fast',
      Match.stringLikeRegexp('threshold of 1.44, a share of bad requests that can never be exceeded'),
    );
  });
});

describe('BurnRateAlarms validation', () => {
  test.each([50, 100, 49.9, 100.5, NaN])('objective %p fails synth', (objectivePercent) => {
    expect(() => build({ availability: { objectivePercent } })).toThrow(
      /TestStack\/Slo: invalid availability.objectivePercent: got .* percent; an objective must be greater than 50 and less than 100 percent/,
    );
  });

  test('latency objective out of range fails synth', () => {
    expect(() => build({ latency: { objectivePercent: 100 } })).toThrow(
      /invalid latency.objectivePercent: got 100/,
    );
  });

  test('latency threshold of zero fails synth', () => {
    expect(() => build({ latency: { threshold: Duration.millis(0) } })).toThrow(
      /invalid latency.threshold: got 0 milliseconds; must be from 1 millisecond to 4000 seconds/,
    );
  });

  test('compliance window outside 7 to 90 days fails synth', () => {
    expect(() => build({ complianceWindow: Duration.days(365) })).toThrow(
      /invalid complianceWindow: got 365 days; must be a whole number of days from 7 to 90/,
    );
    expect(() => build({ complianceWindow: Duration.hours(36) })).toThrow(/invalid complianceWindow/);
  });
});
