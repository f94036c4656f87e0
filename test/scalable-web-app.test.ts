import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ScalableWebApp } from '../lib/scalable-web-app';
import { createTestStack } from './helpers';

describe('ScalableWebApp firewall', () => {
  test('web ACL protects the load balancer by default', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: stack.getLogicalId(app.web.loadBalancer.node.defaultChild as never) },
    });
    expect(app.firewall).toBeDefined();
  });

  test('firewall options pass through', () => {
    const stack = createTestStack();
    new ScalableWebApp(stack, 'App', { firewall: { rateLimit: 500 } });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } }),
      ]),
    });
  });

  test('firewall can be turned off', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App', { firewallEnabled: false });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(app.firewall).toBeUndefined();
  });
});

describe('ScalableWebApp workers', () => {
  test('one worker queue named jobs by default', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App');
    expect(app.workers.map((worker) => worker.node.path)).toEqual(['TestStack/App/Workers/jobs']);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  test('service may send to the queue and gets its URL', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App', { workers: [{ name: 'reports' }, { name: 'emails' }] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            { Name: 'QUEUE_URL_REPORTS', Value: { Ref: Match.stringLikeRegexp('^AppWorkersreportsQueue') } },
            { Name: 'QUEUE_URL_EMAILS', Value: { Ref: Match.stringLikeRegexp('^AppWorkersemailsQueue') } },
          ]),
        }),
      ],
    });
    const taskRole = stack.resolve(app.web.taskDefinition.taskRole.roleName);
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [taskRole] } });
    const statements = JSON.stringify(
      Object.values(policies).map((policy) => policy.Properties.PolicyDocument),
    );
    expect(statements).toContain('sqs:SendMessage');
    expect(statements).toMatch(/AppWorkersreportsQueue[0-9A-F]{8}/);
    expect(statements).toMatch(/AppWorkersemailsQueue[0-9A-F]{8}/);
  });

  test('worker gets the cache, the database and the service task definition', () => {
    const stack = createTestStack();
    new ScalableWebApp(stack, 'App');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DATABASE_WRITER_HOST: Match.anyValue(),
          DATABASE_SECRET_ARN: { Ref: Match.stringLikeRegexp('^AppDatabaseClusterSecret') },
        }),
      },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
  });

  test('worker options pass through', () => {
    const stack = createTestStack();
    new ScalableWebApp(stack, 'App', {
      workers: [{ name: 'jobs', options: { timeout: Duration.seconds(30) } }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Timeout: 30 });
  });
});

describe('ScalableWebApp observability', () => {
  test('dashboard, alarm topic and composite alarm cover the app', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App', { observability: { alarmEmails: ['oncall@example.com'] } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    expect(app.observability.applicationUnhealthyAlarm).toBeDefined();
  });
});

describe('ScalableWebApp bad input', () => {
  test('worker name with uppercase letters', () => {
    const stack = createTestStack();
    expect(() => new ScalableWebApp(stack, 'App', { workers: [{ name: 'Reports' }] })).toThrow(
      /TestStack\/App: invalid workers\[\].name: got "Reports"; the name may contain only lowercase letters, digits and hyphens/,
    );
  });

  test('queue URL variable set by the user', () => {
    const stack = createTestStack();
    expect(() => new ScalableWebApp(stack, 'App', { web: { environment: { QUEUE_URL_JOBS: 'x' } } })).toThrow(
      /TestStack\/App: invalid web.environment: got QUEUE_URL_JOBS, which the app sets to wire the data tiers and queues/,
    );
  });

  test('worker name used twice', () => {
    const stack = createTestStack();
    expect(() => new ScalableWebApp(stack, 'App', { workers: [{ name: 'jobs' }, { name: 'jobs' }] })).toThrow(
      /TestStack\/App: invalid workers\[\].name: got "jobs" twice; each worker needs its own name/,
    );
  });
});
