import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Profiles } from '../../lib/core/profiles';
import { AlarmTopic, AlarmTopicProps } from '../../lib/observability/alarm-topic';
import { createTestStack } from '../helpers';

function build(props: AlarmTopicProps = {}, stack: Stack = createTestStack()) {
  const alarmTopic = new AlarmTopic(stack, 'AlarmTopic', props);
  return { stack, alarmTopic, template: Template.fromStack(stack) };
}

describe('AlarmTopic', () => {
  test('topic is encrypted with a rotating customer managed key', () => {
    const { template, stack, alarmTopic } = build();
    const keyId = stack.getLogicalId(alarmTopic.encryptionKey.node.defaultChild as kms.CfnKey);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('key lets CloudWatch alarms encrypt messages', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  test('topic policy denies publishing without TLS', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('topic policy lets alarms of this account and region publish', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:aws:cloudwatch:us-east-1:', { Ref: 'AWS::AccountId' }, ':alarm:*']],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  test('each email gets a subscription', () => {
    const { template } = build({ emails: ['oncall@example.com', 'Team.Lead+alerts@example.org'] });
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'Team.Lead+alerts@example.org',
    });
  });

  test('without emails there is no subscription', () => {
    build().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('dev key is deleted with the stack, prod key is retained', () => {
    build().template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    build({ profile: Profiles.PROD }).template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('own key replaces the new key', () => {
    const stack = createTestStack();
    const key = new kms.Key(stack, 'OwnKey', {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const { template, alarmTopic } = build({ encryptionKey: key }, stack);
    expect(alarmTopic.encryptionKey).toBe(key);
    template.resourceCountIs('AWS::KMS::Key', 1);
  });
});

describe('AlarmTopic validation', () => {
  test.each(['oncall', 'oncall@example', 'on call@example.com', '@example.com', 'a@b@example.com'])(
    'bad email %p fails synth',
    (email) => {
      expect(() => build({ emails: ['ok@example.com', email] })).toThrow(
        /TestStack\/AlarmTopic: invalid emails\[1\]: got ".*"; expected an email address such as "oncall@example.com"/,
      );
    },
  );

  test('repeated email fails synth', () => {
    expect(() => build({ emails: ['oncall@example.com', 'OnCall@example.com'] })).toThrow(
      /invalid emails\[1\]: got "OnCall@example.com" twice; list each address once/,
    );
  });
});
