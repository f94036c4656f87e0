import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ScalableWebApp, ScalableWebAppProps } from '../../lib/scalable-web-app';
import { createTestStack } from '../helpers';

function build(props: ScalableWebAppProps = {}) {
  const stack = createTestStack();
  const app = new ScalableWebApp(stack, 'App', props);
  return { stack, app, template: Template.fromStack(stack) };
}

function groupIdOf(stack: Stack, securityGroupId: string): unknown {
  return stack.resolve(securityGroupId);
}

describe('ScalableWebApp data tiers', () => {
  let stack: Stack;
  let app: ScalableWebApp;
  let template: Template;
  beforeAll(() => {
    ({ stack, app, template } = build());
  });

  test('service receives the endpoints as environment variables', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: [
            {
              Name: 'DATABASE_WRITER_HOST',
              Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppDatabaseCluster'), 'Endpoint.Address'] },
            },
            {
              Name: 'DATABASE_READER_HOST',
              Value: {
                'Fn::GetAtt': [Match.stringLikeRegexp('^AppDatabaseCluster'), 'ReadEndpoint.Address'],
              },
            },
            { Name: 'DATABASE_PORT', Value: '5432' },
            { Name: 'DATABASE_NAME', Value: 'app' },
            {
              Name: 'REDIS_HOST',
              Value: {
                'Fn::GetAtt': [
                  Match.stringLikeRegexp('^AppCacheReplicationGroup'),
                  'PrimaryEndPoint.Address',
                ],
              },
            },
            { Name: 'REDIS_PORT', Value: '6379' },
            { Name: 'REDIS_TLS', Value: 'true' },
            { Name: 'REDIS_CLUSTER_MODE', Value: 'false' },
            { Name: 'QUEUE_URL_JOBS', Value: { Ref: Match.stringLikeRegexp('^AppWorkersjobsQueue') } },
          ],
        }),
      ],
    });
  });

  test('service receives the credentials as ECS secrets', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Secrets: [
            {
              Name: 'DATABASE_USERNAME',
              ValueFrom: {
                'Fn::Join': [
                  '',
                  [{ Ref: Match.stringLikeRegexp('^AppDatabaseClusterSecretAttachment') }, ':username::'],
                ],
              },
            },
            {
              Name: 'DATABASE_PASSWORD',
              ValueFrom: {
                'Fn::Join': [
                  '',
                  [{ Ref: Match.stringLikeRegexp('^AppDatabaseClusterSecretAttachment') }, ':password::'],
                ],
              },
            },
            { Name: 'REDIS_AUTH_TOKEN', ValueFrom: { Ref: Match.stringLikeRegexp('^AppCacheAuthToken') } },
          ],
        }),
      ],
    });
  });

  test('no credential appears in the plain environment', () => {
    const definitions = template.findResources('AWS::ECS::TaskDefinition');
    const text = JSON.stringify(Object.values(definitions)[0].Properties.ContainerDefinitions[0].Environment);
    expect(text).not.toMatch(/password|token|secretsmanager/i);
  });

  test('only the service and the worker reach the database, on its port', () => {
    const databaseGroup = groupIdOf(stack, app.database.securityGroup.securityGroupId);
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: databaseGroup },
    });
    expect(Object.values(ingress).map((rule) => rule.Properties)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        SourceSecurityGroupId: groupIdOf(stack, app.web.connections.securityGroups[0].securityGroupId),
      }),
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        SourceSecurityGroupId: groupIdOf(stack, app.workers[0].connections.securityGroups[0].securityGroupId),
      }),
    ]);
  });

  test('only the service and the worker reach the cache, on its port', () => {
    const cacheGroup = groupIdOf(stack, app.cache.securityGroup.securityGroupId);
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: cacheGroup },
    });
    expect(Object.values(ingress).map((rule) => rule.Properties)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        SourceSecurityGroupId: groupIdOf(stack, app.web.connections.securityGroups[0].securityGroupId),
      }),
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        SourceSecurityGroupId: groupIdOf(stack, app.workers[0].connections.securityGroups[0].securityGroupId),
      }),
    ]);
  });

  test('stickiness stays off on the target group', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.not(
        Match.arrayWith([Match.objectLike({ Key: 'stickiness.enabled', Value: 'true' })]),
      ),
    });
  });

  test('tiers are exposed', () => {
    expect(app.database.node.path).toBe('TestStack/App/Database');
    expect(app.cache.node.path).toBe('TestStack/App/Cache');
  });
});

describe('ScalableWebApp data tier options', () => {
  test('with a proxy the service connects to the proxy', () => {
    const { stack, app, template } = build({ database: { proxy: true } });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            {
              Name: 'DATABASE_WRITER_HOST',
              Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppDatabaseClusterProxy'), 'Endpoint'] },
            },
            {
              Name: 'DATABASE_READER_HOST',
              Value: {
                'Fn::GetAtt': [
                  Match.stringLikeRegexp('^AppDatabaseClusterProxyReadOnlyEndpoint'),
                  'Endpoint',
                ],
              },
            },
          ]),
        }),
      ],
    });
    const proxyGroup = groupIdOf(stack, app.database.connections.securityGroups[0].securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: proxyGroup,
      FromPort: 5432,
      SourceSecurityGroupId: groupIdOf(stack, app.web.connections.securityGroups[0].securityGroupId),
    });
    const clusterIngress = template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: groupIdOf(stack, app.database.securityGroup.securityGroupId) },
    });
    expect(Object.values(clusterIngress).map((rule) => rule.Properties.SourceSecurityGroupId)).toEqual([
      proxyGroup,
    ]);
  });

  test('cluster mode points the service at the configuration endpoint', () => {
    const { template } = build({ cache: { clusterMode: true, shards: 2 } });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            {
              Name: 'REDIS_HOST',
              Value: {
                'Fn::GetAtt': [
                  Match.stringLikeRegexp('^AppCacheReplicationGroup'),
                  'ConfigurationEndPoint.Address',
                ],
              },
            },
            { Name: 'REDIS_CLUSTER_MODE', Value: 'true' },
          ]),
        }),
      ],
    });
  });

  test('own environment and secrets are kept beside the data-tier variables', () => {
    const stack = createTestStack();
    const parameter = ecs.Secret.fromSsmParameter(
      ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'ApiKey', { parameterName: 'api-key' }),
    );
    new ScalableWebApp(stack, 'App', {
      web: { environment: { LOG_LEVEL: 'debug' }, secrets: { API_KEY: parameter } },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            { Name: 'LOG_LEVEL', Value: 'debug' },
            { Name: 'DATABASE_PORT', Value: '5432' },
          ]),
          Secrets: Match.arrayWith([
            Match.objectLike({ Name: 'API_KEY' }),
            Match.objectLike({ Name: 'REDIS_AUTH_TOKEN' }),
          ]),
        }),
      ],
    });
  });

  test('environment variable reserved for the data tiers is rejected', () => {
    expect(() => build({ web: { environment: { REDIS_HOST: 'localhost', LOG_LEVEL: 'debug' } } })).toThrow(
      /TestStack\/App: invalid web.environment: got REDIS_HOST, which the app sets to wire the data tiers and queues; rename this variable/,
    );
  });
});
