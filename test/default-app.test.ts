import { Template } from 'aws-cdk-lib/assertions';
import { createDefaultStack } from '../lib/default-app';
import { createTestApp, EXAMPLE_CERTIFICATE_ARN } from './helpers';

describe('default app', () => {
  test('dev profile synthesizes without a certificate', () => {
    const stack = createDefaultStack(createTestApp());
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECS::Service', 1);
    expect(stack.stackName).toBe('ScaleUp-dev');
  });

  test('prod profile synthesizes with a certificate', () => {
    const stack = createDefaultStack(
      createTestApp({ profile: 'prod', certificateArn: EXAMPLE_CERTIFICATE_ARN }),
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Certificates: [{ CertificateArn: EXAMPLE_CERTIFICATE_ARN }],
    });
  });
});

describe('default app bad input', () => {
  test('prod profile without certificate names the context key', () => {
    expect(() => createDefaultStack(createTestApp({ profile: 'prod' }))).toThrow(
      /invalid context certificateArn: got none; .*-c certificateArn=ARN/,
    );
  });

  test('unknown profile lists the valid ones', () => {
    expect(() => createDefaultStack(createTestApp({ profile: 'qa' }))).toThrow(
      /invalid profile: got "qa"; valid profiles are dev, prod/,
    );
  });

  test('malformed certificate ARN', () => {
    expect(() =>
      createDefaultStack(createTestApp({ certificateArn: 'arn:aws:iam::123456789012:role/x' })),
    ).toThrow(
      /invalid context certificateArn: got "arn:aws:iam::123456789012:role\/x"; expected an ACM certificate ARN/,
    );
  });
});
