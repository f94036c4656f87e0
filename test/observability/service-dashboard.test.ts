import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Template } from 'aws-cdk-lib/assertions';
import { ServiceDashboard, ServiceDashboardProps } from '../../lib/observability/service-dashboard';
import { createTestStack } from '../helpers';
import { DashboardWidgetJson, StubQueue, StubWorker, dashboardWidgets, everyTier, webTier } from './fixtures';

const SECTION_ORDER = [
  '# Service overview',
  '## Web application firewall',
  '## Load balancer',
  '## Service',
  '## Database',
  '## Cache',
  '## Queues',
  '## Workers',
];

function headings(widgets: DashboardWidgetJson[]): string[] {
  return widgets
    .filter((widget) => widget.type === 'text')
    .map((widget) => String(widget.properties.markdown));
}

function metricWidgets(widgets: DashboardWidgetJson[]): DashboardWidgetJson[] {
  return widgets.filter((widget) => widget.type === 'metric');
}

/** Widgets of the section that starts with `heading`, up to the next heading. */
function section(widgets: DashboardWidgetJson[], heading: string): DashboardWidgetJson[] {
  const start = widgets.findIndex((widget) => widget.properties.markdown === heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = widgets.slice(start + 1);
  const end = rest.findIndex((widget) => widget.type === 'text');
  return end === -1 ? rest : rest.slice(0, end);
}

/** Visible series of a metric widget: plain metrics and expressions that are not hidden inputs. */
function visibleSeries(widget: DashboardWidgetJson): Record<string, unknown>[] {
  return (widget.properties.metrics ?? [])
    .map((entry) => entry[entry.length - 1] as Record<string, unknown>)
    .filter((options) => options.visible !== false);
}

function buildEveryTier(props: Partial<ServiceDashboardProps> = {}) {
  const tiers = everyTier();
  new ServiceDashboard(tiers.stack, 'Dashboard', { ...tiers, ...props });
  return dashboardWidgets(Template.fromStack(tiers.stack));
}

describe('ServiceDashboard with every tier', () => {
  let widgets: DashboardWidgetJson[];
  beforeAll(() => {
    widgets = buildEveryTier();
  });

  test('sections appear in tier order', () => {
    expect(headings(widgets)).toEqual(SECTION_ORDER);
  });

  test('widgets fit the 24-column grid', () => {
    for (const widget of widgets) {
      expect(widget.width).toBeGreaterThan(0);
      expect(widget.width).toBeLessThanOrEqual(24);
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    }
  });

  test('no metric widget has an empty metric list', () => {
    for (const widget of metricWidgets(widgets)) {
      expect(widget.properties.metrics).toBeDefined();
      expect(widget.properties.metrics!.length).toBeGreaterThan(0);
      expect(visibleSeries(widget).length).toBeGreaterThan(0);
    }
  });

  test('every metric widget states its period', () => {
    for (const widget of metricWidgets(widgets)) {
      expect(widget.properties.period).toBe(300);
    }
  });

  test('text widgets are full-width section headings', () => {
    for (const widget of widgets.filter((w) => w.type === 'text')) {
      expect(widget.width).toBe(24);
      expect(widget.height).toBe(1);
    }
  });

  test('header shows four numbers', () => {
    const header = section(widgets, '# Service overview');
    expect(header.map((widget) => widget.properties.title)).toEqual([
      'Requests',
      'Error ratio (%)',
      'p99 latency (s)',
      'Availability over the time range (%)',
    ]);
    for (const widget of header) {
      expect(widget.properties.view).toBe('singleValue');
      expect(widget.width).toBe(6);
    }
    expect(header[3].properties.setPeriodToTimeRange).toBe(true);
  });

  test('error ratio is metric math over 5xx and requests', () => {
    const errorRatio = section(widgets, '# Service overview')[1];
    const expression = visibleSeries(errorRatio)[0].expression as string;
    expect(expression).toContain('FILL(targetErrors, 0) + FILL(loadBalancerErrors, 0)');
    expect(expression).toContain('FILL(requests, 0) + FILL(loadBalancerErrors, 0)');
    const hiddenNames = (errorRatio.properties.metrics ?? []).map((entry) => entry[1]);
    expect(hiddenNames).toEqual(
      expect.arrayContaining(['RequestCount', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count']),
    );
  });

  test('firewall section shows allowed, blocked and rate-limited requests', () => {
    const firewall = section(widgets, '## Web application firewall');
    const labels = firewall.flatMap((widget) => visibleSeries(widget).map((series) => series.label));
    expect(labels).toEqual(['Allowed', 'Blocked', 'Rate-limited']);
  });

  test('load balancer section shows requests, 5xx, percentiles and hosts', () => {
    const loadBalancer = section(widgets, '## Load balancer');
    expect(loadBalancer.map((widget) => widget.properties.title)).toEqual([
      'Requests',
      '4xx and 5xx responses',
      'Target response time (s)',
      'Targets',
    ]);
    const percentiles = visibleSeries(loadBalancer[2]).map((series) => series.stat);
    expect(percentiles).toEqual(['p50', 'p90', 'p99']);
  });

  test('service section compares running with desired tasks', () => {
    const service = section(widgets, '## Service');
    expect(service.map((widget) => widget.properties.title)).toEqual([
      'CPU utilization (%)',
      'Memory utilization (%)',
      'Tasks',
    ]);
    expect(visibleSeries(service[2]).map((series) => series.label)).toEqual(['Running', 'Desired']);
  });

  test('database section shows writer and readers, lag, memory and capacity', () => {
    const database = section(widgets, '## Database');
    expect(database.map((widget) => widget.properties.title)).toEqual([
      'CPU utilization (%)',
      'Connections',
      'Replica lag (ms)',
      'Freeable memory (bytes)',
      'Serverless v2 capacity (ACU)',
    ]);
    expect(visibleSeries(database[0]).map((series) => series.label)).toEqual(['Writer', 'Readers']);
  });

  test('cache section shows hit rate as metric math', () => {
    const cache = section(widgets, '## Cache');
    expect(cache).toHaveLength(6);
    const hitRate = cache.find((widget) => widget.properties.title === 'Hit rate (%)')!;
    const expressions = (hitRate.properties.metrics ?? [])
      .map((entry) => (entry[0] as { expression?: string }).expression)
      .filter((expression): expression is string => expression !== undefined);
    expect(expressions.some((expression) => /SUM\(\[hits.*\/.*misses/.test(expression))).toBe(true);
  });

  test('queue and worker sections draw a line per tier', () => {
    const queues = section(widgets, '## Queues');
    expect(queues).toHaveLength(3);
    for (const widget of queues) {
      expect(visibleSeries(widget).map((series) => series.label)).toEqual(['Orders', 'Emails']);
    }
    const workers = section(widgets, '## Workers');
    expect(workers.map((widget) => widget.properties.title)).toEqual([
      'Invocations',
      'Errors and throttles',
      'Duration p99 (ms)',
      'Concurrent executions',
    ]);
    expect(visibleSeries(workers[1])).toHaveLength(4);
  });

  test('colours default to the CloudWatch palette', () => {
    const requests = section(widgets, '## Load balancer')[0];
    expect(visibleSeries(requests)[0].color).toBe(cloudwatch.Color.BLUE);
  });
});

describe('ServiceDashboard with some tiers', () => {
  test('web only has header, load balancer and service', () => {
    const { stack, web } = webTier();
    new ServiceDashboard(stack, 'Dashboard', { web });
    const widgets = dashboardWidgets(Template.fromStack(stack));
    expect(headings(widgets)).toEqual(['# Service overview', '## Load balancer', '## Service']);
    expect(metricWidgets(widgets)).toHaveLength(4 + 4 + 3);
  });

  test('queues only has no header numbers', () => {
    const stack = createTestStack();
    new ServiceDashboard(stack, 'Dashboard', { queues: [new StubQueue(stack, 'Jobs')] });
    const widgets = dashboardWidgets(Template.fromStack(stack));
    expect(headings(widgets)).toEqual(['# Service overview', '## Queues']);
    expect(metricWidgets(widgets)).toHaveLength(3);
  });

  test('empty queue and worker lists add no section', () => {
    const stack = createTestStack();
    new ServiceDashboard(stack, 'Dashboard', { queues: [], workers: [], alarms: [] });
    const widgets = dashboardWidgets(Template.fromStack(stack));
    expect(widgets).toHaveLength(1);
    expect(widgets[0].type).toBe('text');
  });

  test('single worker lines take the role colours', () => {
    const stack = createTestStack();
    new ServiceDashboard(stack, 'Dashboard', { workers: [new StubWorker(stack, 'Jobs')] });
    const widgets = dashboardWidgets(Template.fromStack(stack));
    const errors = section(widgets, '## Workers')[1];
    expect(visibleSeries(errors).map((series) => series.color)).toEqual([
      cloudwatch.Color.RED,
      cloudwatch.Color.ORANGE,
    ]);
  });

  test('alarms get a status widget below the header', () => {
    const { stack, web } = webTier();
    const alarm = web
      .metricRequestCountSum()
      .createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    new ServiceDashboard(stack, 'Dashboard', { web, alarms: [alarm] });
    const widgets = dashboardWidgets(Template.fromStack(stack));
    const status = widgets.find((widget) => widget.type === 'alarm')!;
    expect(status.width).toBe(24);
    expect(status.properties.alarms).toHaveLength(1);
    expect(widgets.indexOf(status)).toBe(5);
  });
});

describe('ServiceDashboard props', () => {
  test('colour override reaches the series', () => {
    const widgets = buildEveryTier({ colors: { traffic: '#123abc', error: '#ABCDEF' } });
    const requests = section(widgets, '## Load balancer')[0];
    expect(visibleSeries(requests)[0].color).toBe('#123abc');
    const errorResponses = section(widgets, '## Load balancer')[1];
    expect(visibleSeries(errorResponses)[2].color).toBe('#ABCDEF');
  });

  test('period override reaches widgets and metrics', () => {
    const { stack, web } = webTier();
    new ServiceDashboard(stack, 'Dashboard', { web, period: Duration.minutes(1) });
    const widgets = dashboardWidgets(Template.fromStack(stack));
    for (const widget of metricWidgets(widgets)) {
      expect(widget.properties.period).toBe(60);
      for (const series of visibleSeries(widget)) {
        expect(series.period).toBe(60);
      }
    }
  });

  test('dashboard name and default interval are passed through', () => {
    const { stack, web } = webTier();
    new ServiceDashboard(stack, 'Dashboard', { web, dashboardName: 'shop-prod_overview' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'shop-prod_overview' });
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('\\"start\\":\\"-PT3H\\"');
  });
});

describe('ServiceDashboard validation', () => {
  test('bad colour fails synth', () => {
    const { stack, web } = webTier();
    expect(() => new ServiceDashboard(stack, 'Dashboard', { web, colors: { warning: 'orange' } })).toThrow(
      /TestStack\/Dashboard: invalid colors.warning: got "orange"; a colour must be "#" followed by six hexadecimal digits/,
    );
  });

  test('short hex colour fails synth', () => {
    const { stack, web } = webTier();
    expect(() => new ServiceDashboard(stack, 'Dashboard', { web, colors: { healthy: '#0f0' } })).toThrow(
      /invalid colors.healthy: got "#0f0"/,
    );
  });

  test('bad period fails synth', () => {
    const { stack, web } = webTier();
    expect(() => new ServiceDashboard(stack, 'Dashboard', { web, period: Duration.seconds(45) })).toThrow(
      /invalid period: got 45 seconds for the dashboard metrics; a period must be 10 seconds, 30 seconds or a multiple of 60 seconds/,
    );
  });

  test('bad dashboard name fails synth', () => {
    const { stack, web } = webTier();
    expect(() => new ServiceDashboard(stack, 'Dashboard', { web, dashboardName: 'shop overview' })).toThrow(
      /invalid dashboardName: got "shop overview"; the name may contain only letters, digits, hyphens/,
    );
  });
});
