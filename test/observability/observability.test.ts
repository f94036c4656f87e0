import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Observability, ObservabilityProps } from '../../lib/observability';
import { createTestApp, createTestStack } from '../helpers';
import { StubQueue, StubWorker, dashboardWidgets, everyTier, webTier } from './fixtures';

function buildWebOnly(props: Partial<ObservabilityProps> = {}) {
  const { stack, web } = webTier();
  const observability = new Observability(stack, 'Observability', { web, ...props });
  return { stack, web, observability };
}

function buildEveryTier(props: Partial<ObservabilityProps> = {}, stack?: Stack) {
  const tiers = everyTier(stack);
  const observability = new Observability(tiers.stack, 'Observability', {
    ...tiers,
    alarmEmails: ['oncall@example.com'],
    ...props,
  });
  return { ...tiers, observability };
}

function compositeRuleOf(template: Template, logicalId: string): string {
  const alarm = template.findResources('AWS::CloudWatch::CompositeAlarm')[logicalId];
  return JSON.stringify(alarm.Properties.AlarmRule);
}

describe('Observability with the web tier only', () => {
  let built: ReturnType<typeof buildWebOnly>;
  let template: Template;
  beforeAll(() => {
    built = buildWebOnly();
    template = Template.fromStack(built.stack);
  });

  test('creates web alarms, burn-rate alarms and their composites', () => {
    // 10 web metric alarms and 8 window alarms; 4 burn-rate pairs and "application unhealthy".
    template.resourceCountIs('AWS::CloudWatch::Alarm', 18);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 5);
  });

  test('dashboard has header, load balancer and service only', () => {
    const widgets = dashboardWidgets(template);
    expect(
      widgets.filter((widget) => widget.type === 'text').map((widget) => widget.properties.markdown),
    ).toEqual(['# Service overview', '## Load balancer', '## Service']);
    expect(widgets).toHaveLength(3 + 4 + 1 + 4 + 3);
  });

  test('alarm status widget lists every alarm and composite', () => {
    const status = dashboardWidgets(template).find((widget) => widget.type === 'alarm')!;
    // 10 metric alarms, 4 burn-rate composites and "application unhealthy"; window alarms are left out.
    expect(status.properties.alarms).toHaveLength(15);
  });

  test('application unhealthy combines critical alarms and fast burn pairs', () => {
    const { observability, stack } = built;
    const composite = observability.applicationUnhealthyAlarm!;
    const rule = compositeRuleOf(
      template,
      stack.getLogicalId(composite.node.defaultChild as cloudwatch.CfnCompositeAlarm),
    );
    const critical = [
      ...observability.serviceAlarms.criticalAlarms,
      ...observability
        .burnRateAlarms!.pairs.filter((pair) => pair.longWindow.toHours() === 1)
        .map((pair) => pair.alarm),
    ];
    // Web: 5xx ratio, p99 latency, healthy tasks, CPU and memory at max capacity.
    expect(critical).toHaveLength(5 + 2);
    for (const alarm of critical) {
      const id = stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);
      expect(rule).toContain(`"${id}"`);
    }
    for (const alarm of observability.serviceAlarms.warningAlarms) {
      const id = stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);
      expect(rule).not.toContain(`"${id}"`);
    }
    expect(rule.match(/ OR /g)).toHaveLength(critical.length - 1);
  });

  test('every alarm action is the alarm topic', () => {
    const topicRef = {
      Ref: built.stack.getLogicalId(built.observability.alarmTopic.topic.node.defaultChild as sns.CfnTopic),
    };
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      if (alarm.Properties.AlarmActions) {
        expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      }
    }
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.OKActions).toEqual([topicRef]);
    }
  });
});

describe('Observability with every tier', () => {
  let built: ReturnType<typeof buildEveryTier>;
  let template: Template;
  beforeAll(() => {
    built = buildEveryTier();
    template = Template.fromStack(built.stack);
  });

  test('creates alarms for every tier', () => {
    // 40 metric alarms (web 10, database 10, cache 6, 2 queues × 3, 2 workers × 4) and 8 window alarms.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 48);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 5);
  });

  test('dashboard has every section', () => {
    const widgets = dashboardWidgets(template);
    expect(widgets.filter((widget) => widget.type === 'text')).toHaveLength(8);
    expect(widgets.filter((widget) => widget.type === 'metric')).toHaveLength(4 + 2 + 4 + 3 + 5 + 6 + 3 + 4);
    expect(widgets.filter((widget) => widget.type === 'alarm')).toHaveLength(1);
  });

  test('application unhealthy lists 19 critical alarms and 2 fast pairs', () => {
    const composite = built.observability.applicationUnhealthyAlarm!;
    const rule = compositeRuleOf(
      template,
      built.stack.getLogicalId(composite.node.defaultChild as cloudwatch.CfnCompositeAlarm),
    );
    expect(rule.match(/ALARM\(/g)).toHaveLength(19 + 2);
  });

  test('email subscription is on the encrypted topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });
});

describe('Observability without the web tier', () => {
  test('has no burn-rate alarms and no header numbers', () => {
    const stack = createTestStack();
    const observability = new Observability(stack, 'Observability', {
      queues: [new StubQueue(stack, 'Jobs')],
      workers: [new StubWorker(stack, 'JobWorker')],
    });
    expect(observability.burnRateAlarms).toBeUndefined();
    const template = Template.fromStack(stack);
    const widgets = dashboardWidgets(template);
    expect(widgets.filter((widget) => widget.type === 'metric')).toHaveLength(3 + 4);
    // Critical: queue age, worker errors, worker throttles.
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
  });

  test('without critical alarms there is no application unhealthy alarm', () => {
    const stack = createTestStack();
    const observability = new Observability(stack, 'Observability', {
      queues: [new StubQueue(stack, 'Jobs')],
      queueAlarms: { ageOfOldestMessage: { critical: { enabled: false } } },
    });
    expect(observability.applicationUnhealthyAlarm).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
  });
});

describe('Observability props', () => {
  test('slo and alarm overrides are passed through', () => {
    const { observability } = buildWebOnly({
      slo: { availability: { objectivePercent: 99.5 }, threeDayPair: true },
      webAlarms: { latencyP99: { critical: { threshold: 3 } } },
    });
    expect(observability.burnRateAlarms!.pairs).toHaveLength(6);
    expect(observability.burnRateAlarms!.pairs[0].threshold).toBe(0.072);
  });

  test('dashboard props are passed through', () => {
    const { stack } = buildWebOnly({
      dashboardName: 'shop',
      dashboardPeriod: Duration.minutes(1),
      dashboardColors: { traffic: '#000000' },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'shop' });
    const requests = dashboardWidgets(template).find((widget) => widget.properties.title === 'Requests')!;
    expect(requests.properties.period).toBe(60);
  });

  test('bad email fails synth', () => {
    expect(() => buildWebOnly({ alarmEmails: ['not-an-address'] })).toThrow(
      /TestStack\/Observability\/AlarmTopic: invalid emails\[0\]: got "not-an-address"/,
    );
  });

  test('bad colour fails synth', () => {
    expect(() => buildWebOnly({ dashboardColors: { error: 'red' } })).toThrow(
      /TestStack\/Observability\/Dashboard: invalid colors.error: got "red"/,
    );
  });

  test('bad objective fails synth', () => {
    expect(() => buildWebOnly({ slo: { latency: { objectivePercent: 42 } } })).toThrow(
      /TestStack\/Observability\/BurnRateAlarms: invalid latency.objectivePercent: got 42 percent/,
    );
  });

  test('bad alarm period fails synth naming the alarm', () => {
    expect(() =>
      buildWebOnly({ webAlarms: { healthyHosts: { critical: { period: Duration.seconds(45) } } } }),
    ).toThrow(
      /invalid webAlarms.healthyHosts.critical.period: got 45 seconds for alarm "TestStack\/Web healthy tasks \(CRITICAL\)"/,
    );
  });
});

describe('Observability cdk-nag', () => {
  test('web only has no unacknowledged finding', () => {
    const app = createTestApp();
    const stack = new Stack(app, 'NagWeb', { env: { region: 'us-east-1' } });
    const { web } = webTier(stack);
    new Observability(stack, 'Observability', { web, alarmEmails: ['oncall@example.com'] });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('every tier has no unacknowledged finding', () => {
    const app = createTestApp();
    const stack = new Stack(app, 'NagAll', { env: { region: 'us-east-1' } });
    buildEveryTier({}, stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
