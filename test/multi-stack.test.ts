import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { createDefaultStack } from '../lib/default-app';
import { ScalableWebApp } from '../lib/scalable-web-app';
import { ScaleUpStack, ScaleUpTierStack } from '../lib/stack';
import { createTestApp, EXAMPLE_CERTIFICATE_ARN } from './helpers';

const PROFILES: [string, Record<string, unknown>][] = [
  ['dev', {}],
  ['prod', { certificateArn: EXAMPLE_CERTIFICATE_ARN }],
];

interface MultiStackLayout {
  readonly app: App;
  readonly network: Stack;
  readonly data: Stack;
  readonly application: ScaleUpStack;
}

function buildMultiStack(profile: string, context: Record<string, unknown> = {}): MultiStackLayout {
  const app = createTestApp({ profile, layout: 'multi-stack', ...context });
  const application = createDefaultStack(app);
  if (!application.networkStack || !application.dataStack) {
    throw new Error('the multi-stack layout returned no network or data stack');
  }
  return { app, network: application.networkStack, data: application.dataStack, application };
}

/** Names of the stacks whose values a template reads, by `Fn::ImportValue` or `Fn::GetStackOutput`. */
function referencedStackNames(template: Template): { imports: string[]; stackOutputs: string[] } {
  const imports = new Set<string>();
  const stackOutputs = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') {
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::ImportValue') {
        imports.add(JSON.stringify(value));
      }
      if (key === 'Fn::GetStackOutput') {
        stackOutputs.add((value as { StackName: string }).StackName);
      }
      visit(value);
    }
  };
  visit(template.toJSON());
  return { imports: [...imports].sort(), stackOutputs: [...stackOutputs].sort() };
}

describe.each(PROFILES)('multi-stack layout, %s profile', (profile, context) => {
  let layout: MultiStackLayout;
  let templates: Record<'network' | 'data' | 'application', Template>;
  beforeAll(() => {
    layout = buildMultiStack(profile, context);
    templates = {
      network: Template.fromStack(layout.network),
      data: Template.fromStack(layout.data),
      application: Template.fromStack(layout.application),
    };
  });

  test('three stacks with profile names', () => {
    const stackNames = layout.app.node.children.filter(Stack.isStack).map((stack) => stack.stackName);
    expect(stackNames).toEqual([
      `ScaleUp-${profile}-Network`,
      `ScaleUp-${profile}-Data`,
      `ScaleUp-${profile}-App`,
    ]);
  });

  test('stacks depend on the tiers below them', () => {
    expect(layout.network.dependencies).toEqual([]);
    expect(layout.data.dependencies).toEqual([layout.network]);
    expect(layout.application.dependencies).toEqual(expect.arrayContaining([layout.data, layout.network]));
    expect(layout.application.dependencies).toHaveLength(2);
  });

  test.each([
    ['AWS::EC2::VPC', 'network'],
    ['AWS::EC2::NatGateway', 'network'],
    ['AWS::EC2::FlowLog', 'network'],
    ['AWS::RDS::DBCluster', 'data'],
    ['AWS::RDS::DBInstance', 'data'],
    ['AWS::ElastiCache::ReplicationGroup', 'data'],
    ['AWS::ECS::Service', 'application'],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'application'],
    ['AWS::WAFv2::WebACL', 'application'],
    ['AWS::SQS::Queue', 'application'],
    ['AWS::Lambda::EventSourceMapping', 'application'],
    ['AWS::CloudWatch::Dashboard', 'application'],
  ] as const)('%s only in the %s stack', (type, expected) => {
    for (const [name, template] of Object.entries(templates)) {
      const count = Object.keys(template.findResources(type)).length;
      if (name === expected) {
        expect({ name, type, count }).toEqual({ name, type, count: expect.any(Number) });
        expect(count).toBeGreaterThan(0);
      } else {
        expect({ name, type, count }).toEqual({ name, type, count: 0 });
      }
    }
  });

  test('no stack uses Fn::ImportValue', () => {
    for (const template of Object.values(templates)) {
      expect(referencedStackNames(template).imports).toEqual([]);
    }
  });

  test('network stack reads no other stack', () => {
    expect(referencedStackNames(templates.network).stackOutputs).toEqual([]);
  });

  test('data stack reads only the network stack', () => {
    expect(referencedStackNames(templates.data).stackOutputs).toEqual([`ScaleUp-${profile}-Network`]);
  });

  test('application stack reads the data and network stacks', () => {
    expect(referencedStackNames(templates.application).stackOutputs).toEqual([
      `ScaleUp-${profile}-Data`,
      `ScaleUp-${profile}-Network`,
    ]);
  });

  test('data stack holds no security group rule', () => {
    templates.data.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    templates.data.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  test('data tier ingress rules in application stack', () => {
    const dataGroupIngress = Object.values(
      templates.application.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: {
          GroupId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: `ScaleUp-${profile}-Data` }) },
        },
      }),
    ).map((rule) => `${rule.Properties.Description} on ${rule.Properties.FromPort}`);
    expect(dataGroupIngress.sort()).toEqual([
      'Service to cache on 6379',
      'Service to database on 5432',
      'Worker jobs to cache on 6379',
      'Worker jobs to database on 5432',
    ]);
  });

  test('stateful logical IDs match single stack', () => {
    expect(Object.keys(templates.data.findResources('AWS::RDS::DBCluster'))).toEqual([
      'AppDatabaseCluster3CB22DFE',
    ]);
    expect(Object.keys(templates.data.findResources('AWS::ElastiCache::ReplicationGroup'))).toEqual([
      'AppCacheReplicationGroup7B05336D',
    ]);
    expect(Object.keys(templates.data.toJSON().Resources)).toContain('AppCacheAuthTokenBF926467');
  });

  test('service reads endpoints from data stack', () => {
    templates.application.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            {
              Name: 'DATABASE_WRITER_HOST',
              Value: { 'Fn::GetStackOutput': Match.objectLike({ StackName: `ScaleUp-${profile}-Data` }) },
            },
          ]),
        }),
      ],
    });
  });

  test('app synthesizes without a cycle', () => {
    const assembly = layout.app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual([
      `ScaleUp-${profile}-Network`,
      `ScaleUp-${profile}-Data`,
      `ScaleUp-${profile}-App`,
    ]);
  });
});

// cdk-nag 3 runs as a validation plugin: app.synth() throws when any finding is not acknowledged.
describe('multi-stack layout cdk-nag packs', () => {
  test.each(PROFILES)('%s profile has no unacknowledged AwsSolutions finding', (profile, context) => {
    const { app } = buildMultiStack(profile, context);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test.each(PROFILES)('%s profile has no unacknowledged NIST 800-53 rev 5 finding', (profile, context) => {
    const { app } = buildMultiStack(profile, context);
    Validations.of(app).addPlugins(new NIST80053R5Checks(app));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('default app layouts', () => {
  test('single-stack layout builds one stack', () => {
    const app = createTestApp({ layout: 'single-stack' });
    const stack = createDefaultStack(app);
    expect(app.node.children.filter(Stack.isStack)).toEqual([stack]);
    expect(stack.stackName).toBe('ScaleUp-dev');
    expect(stack.networkStack).toBeUndefined();
    expect(stack.dataStack).toBeUndefined();
  });
});

describe('ScaleUpStack tier stacks', () => {
  test('dataStack alone also takes network tier', () => {
    const app = createTestApp();
    const dataStack = new ScaleUpTierStack(app, 'Data', { env: { region: 'us-east-1' } });
    const stack = new ScaleUpStack(app, 'Application', { env: { region: 'us-east-1' }, dataStack });
    expect(stack.networkStack).toBe(dataStack);
    expect(stack.app.network.node.path).toBe('Data/App/Network');
    Template.fromStack(dataStack).resourceCountIs('AWS::EC2::VPC', 1);
    expect(stack.dependencies).toEqual([dataStack]);
  });

  test('proxy rules stay in application stack', () => {
    const app = createTestApp();
    const env = { region: 'us-east-1' };
    const networkStack = new ScaleUpTierStack(app, 'Network', { env });
    const dataStack = new ScaleUpTierStack(app, 'Data', { env });
    const stack = new ScaleUpStack(app, 'Application', {
      env,
      networkStack,
      dataStack,
      app: { database: { proxy: true } },
    });
    const data = Template.fromStack(dataStack);
    data.resourceCountIs('AWS::RDS::DBProxy', 1);
    expect(referencedStackNames(data).stackOutputs).toEqual(['Network']);
    expect(referencedStackNames(Template.fromStack(stack)).stackOutputs).toEqual(['Data', 'Network']);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'Service to database',
      GroupId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Data' }) },
    });
  });
});

describe('multi-stack layout bad input', () => {
  test('unknown layout lists the valid ones', () => {
    expect(() => createDefaultStack(createTestApp({ layout: 'three-stack' }))).toThrow(
      /invalid layout: got "three-stack"; valid layouts are single-stack, multi-stack/,
    );
  });

  test('networkStack with app.vpc is rejected', () => {
    const app = createTestApp();
    const networkStack = new ScaleUpTierStack(app, 'Network', { env: { region: 'us-east-1' } });
    const vpcStack = new Stack(app, 'Existing', { env: { region: 'us-east-1' } });
    const vpc = new ec2.Vpc(vpcStack, 'Vpc');
    expect(
      () =>
        new ScaleUpStack(app, 'Application', { env: { region: 'us-east-1' }, networkStack, app: { vpc } }),
    ).toThrow(/Application: invalid networkStack: got stack Network together with app.vpc/);
  });

  test('network beside app, data elsewhere rejected', () => {
    const app = createTestApp();
    const appStack = new ScaleUpTierStack(app, 'Application', { env: { region: 'us-east-1' } });
    const dataStack = new ScaleUpTierStack(app, 'Data', { env: { region: 'us-east-1' } });
    expect(
      () =>
        new ScalableWebApp(appStack, 'App', {
          networkScope: new Construct(appStack, 'Tiers'),
          dataScope: new Construct(dataStack, 'Tiers'),
        }),
    ).toThrow(/Application\/App: invalid networkScope: got a scope in stack Application with the app tiers/);
  });
});
