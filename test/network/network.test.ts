import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Profiles } from '../../lib/core/profiles';
import { Network } from '../../lib/network/network';
import { ScaleUpStack } from '../../lib/stack';
import { createTestApp, createTestStack } from '../helpers';

describe('Network', () => {
  test('dev profile: 2 AZs, one NAT gateway, three subnet tiers', () => {
    const stack = createTestStack();
    new Network(stack, 'Network');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    for (const name of ['Public', 'Application', 'Data']) {
      template.hasResourceProperties('AWS::EC2::Subnet', {
        Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: name }]),
      });
    }
  });

  test('prod profile: a NAT gateway per AZ', () => {
    const app = createTestApp();
    const stack = new ScaleUpStack(app, 'Prod', {
      env: { region: 'eu-west-1' },
      profile: Profiles.PROD,
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      app: { web: { allowHttpOnly: true } },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-1c' });
  });

  test('S3 gateway endpoint and flow logs with retention', () => {
    const stack = createTestStack();
    new Network(stack, 'Network');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 'cloud-watch-logs',
      TrafficType: 'ALL',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('cidr, AZ count and NAT count are configurable', () => {
    const app = createTestApp();
    const stack = new ScaleUpStack(app, 'Custom', {
      env: { region: 'eu-west-1' },
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    });
    new Network(stack, 'Other', { cidr: '10.20.0.0/16', maxAzs: 3, natGateways: 2 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
  });

  test('existing VPC is used as is', () => {
    const stack = createTestStack();
    const vpc = new ec2.Vpc(stack, 'Existing', {
      maxAzs: 2,
      natGateways: 1,
      restrictDefaultSecurityGroup: false,
    });
    const network = new Network(stack, 'Network', { vpc });
    expect(network.vpc).toBe(vpc);
    expect(network.flowLogGroup).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 1);
  });

  test('zones come from Fn::GetAZs without explicit names', () => {
    const app = createTestApp();
    const stack = new ScaleUpStack(app, 'Zones', {
      env: { region: 'eu-west-1' },
      profile: Profiles.PROD,
      app: { web: { allowHttpOnly: true } },
    });
    expect(stack.availabilityZones).toHaveLength(3);
    expect(stack.resolve(stack.availabilityZones[2])).toEqual({ 'Fn::Select': [2, { 'Fn::GetAZs': '' }] });
  });
});

describe('Network bad input', () => {
  test.each([
    ['10.0.0.1/16', /invalid cidr: got "10.0.0.1\/16"; .*10.0.0.0\/16/],
    ['10.0.0.0/33', /invalid cidr: got "10.0.0.0\/33"; the prefix length must be an integer from 1 to 32/],
    [
      '10.0.0.0/12',
      /invalid cidr: got "10.0.0.0\/12"; a VPC takes an IPv4 block with a prefix length from \/16 to \/28/,
    ],
    ['ten-dot-zero', /invalid cidr: got "ten-dot-zero"; a CIDR block has the form address\/prefix-length/],
  ])('cidr %s', (cidr, message) => {
    const stack = createTestStack();
    expect(() => new Network(stack, 'Network', { cidr })).toThrow(/TestStack\/Network: invalid cidr: /);
    expect(() => new Network(createTestStack(), 'Network', { cidr })).toThrow(message);
  });

  test('new-VPC props with an existing VPC', () => {
    const stack = createTestStack();
    const vpc = new ec2.Vpc(stack, 'Existing', { restrictDefaultSecurityGroup: false });
    expect(() => new Network(stack, 'Network', { vpc, natGateways: 2 })).toThrow(
      /TestStack\/Network: invalid natGateways: natGateways only apply to a new VPC/,
    );
  });

  test('NAT gateways above the AZ count', () => {
    const stack = createTestStack();
    expect(() => new Network(stack, 'Network', { maxAzs: 2, natGateways: 3 })).toThrow(
      /TestStack\/Network: invalid natGateways: got 3; must be an integer from 1 to 2/,
    );
  });

  test('AZ count above six', () => {
    const stack = createTestStack();
    expect(() => new Network(stack, 'Network', { maxAzs: 7 })).toThrow(
      /TestStack\/Network: invalid maxAzs: got 7; must be an integer from 1 to 6/,
    );
  });

  test('malformed certificate ARN on the stack', () => {
    const app = createTestApp();
    expect(
      () => new ScaleUpStack(app, 'Cert', { env: { region: 'us-east-1' }, certificateArn: 'not-an-arn' }),
    ).toThrow(/Cert: invalid certificateArn: got "not-an-arn"; expected an ACM certificate ARN/);
  });

  test('certificate from another region', () => {
    const app = createTestApp();
    expect(
      () =>
        new ScaleUpStack(app, 'Cert', {
          env: { region: 'eu-west-1' },
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
        }),
    ).toThrow(/Cert: invalid certificateArn: got a certificate in us-east-1 for a stack in eu-west-1/);
  });

  test('zone outside the stack region', () => {
    const app = createTestApp();
    expect(
      () =>
        new ScaleUpStack(app, 'Wrong', {
          env: { region: 'eu-west-1' },
          availabilityZones: ['us-east-1a', 'us-east-1b'],
        }),
    ).toThrow(/Wrong: invalid availabilityZones: got "us-east-1a"; .*in the stack's region eu-west-1/);
  });

  test('duplicate zone names', () => {
    const app = createTestApp();
    expect(
      () =>
        new ScaleUpStack(app, 'Dup', {
          env: { region: 'eu-west-1' },
          availabilityZones: ['eu-west-1a', 'eu-west-1a'],
        }),
    ).toThrow(/Dup: invalid availabilityZones: .*zone names must be unique/);
  });
});
