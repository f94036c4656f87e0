import * as path from 'path';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InterfaceEndpointMode, WorkerQueue, WorkerQueueProps } from '../../lib/async';
import { Profiles } from '../../lib/core/profiles';
import { Network } from '../../lib/network';
import { createTestStack } from '../helpers';

const CUSTOM_ENTRY = path.join(__dirname, 'fixtures', 'custom-worker.ts');

function createStack(): { stack: Stack; vpc: ec2.IVpc } {
  const stack = createTestStack();
  const network = new Network(stack, 'Network');
  return { stack, vpc: network.vpc };
}

function createRunTaskTarget(
  stack: Stack,
  vpc: ec2.IVpc,
): {
  cluster: ecs.Cluster;
  taskDefinition: ecs.FargateTaskDefinition;
} {
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc,
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
  });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'ReportTask');
  taskDefinition.addContainer('report', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'report' }),
  });
  return { cluster, taskDefinition };
}

/** Builds a WorkerQueue with `props` in a fresh stack and returns the error it throws. */
function constructionError(props: WorkerQueueProps, withVpc = true): Error {
  const { stack, vpc } = createStack();
  try {
    new WorkerQueue(stack, 'Jobs', { vpc: withVpc ? vpc : undefined, ...props });
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the construct to throw');
}

function workerPolicyStatements(template: Template): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^JobsRole') }] },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );
}

describe('WorkerQueue defaults', () => {
  test('queue is encrypted, TLS-only and redrives to the dead-letter queue', () => {
    // GIVEN
    const { stack } = createStack();

    // WHEN
    new WorkerQueue(stack, 'Jobs');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('^TestStackJobs[A-Za-z0-9]+$'),
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 24 * 3600,
      VisibilityTimeout: 360,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsDeadLetterQueue'), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      },
      2,
    );
  });

  test('dead-letter queue keeps 14 days and allows redrive from the queue only', () => {
    const { stack } = createStack();

    const worker = new WorkerQueue(stack, 'Jobs');

    const template = Template.fromStack(stack);
    const queueName = stack.resolve((worker.queue.node.defaultChild as sqs.CfnQueue).queueName);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: `${queueName}-dlq`,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [
          { 'Fn::Join': ['', ['arn:aws:sqs:us-east-1:', { Ref: 'AWS::AccountId' }, `:${queueName}`]] },
        ],
      },
    });
  });

  test('worker runs nodejs26.x on arm64 with its own log group', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs26.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      MemorySize: 512,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^JobsLogs') } },
      TracingConfig: Match.absent(),
      ReservedConcurrentExecutions: Match.absent(),
      VpcConfig: Match.absent(),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  test('worker environment carries reserve, TTL and key prefix', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs');

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp('^TestStackJobs'),
          POWERTOOLS_METRICS_NAMESPACE: 'CdkScaleUp/Worker',
          STOP_BEFORE_TIMEOUT_MS: '12000',
          IDEMPOTENCY_TTL_SECONDS: String(15 * 24 * 3600),
          IDEMPOTENCY_KEY_PREFIX: Match.stringLikeRegexp('^TestStackJobs'),
        },
      },
    });
  });

  test('event source reports batch item failures and caps concurrency', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs');

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
      MaximumBatchingWindowInSeconds: Match.absent(),
    });
  });

  test('worker role writes only to its own log group', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs');

    const template = Template.fromStack(stack);
    const statements = workerPolicyStatements(template);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^JobsLogs/), 'Arn'] },
      }),
    );
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('worker without redis warns that jobs may repeat', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs');

    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Jobs',
      Match.stringLikeRegexp('No redis store is given.*repeats its effect'),
    );
  });

  test('environment variable name follows the construct id', () => {
    const { stack } = createStack();

    const worker = new WorkerQueue(stack, 'ReportJobs');

    expect(worker.environmentVariableName).toBe('QUEUE_URL_REPORT_JOBS');
    expect(stack.resolve(worker.queueUrl)).toEqual({ Ref: expect.stringMatching(/^ReportJobsQueue/) });
  });

  test('worker asset hash is stable across synths', () => {
    const keys = [0, 1].map(() => {
      const { stack } = createStack();
      new WorkerQueue(stack, 'Jobs');
      const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
      return Object.entries(functions)
        .filter(([logicalId]) => logicalId.startsWith('JobsFunction'))
        .map(([, fn]) => (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key);
    });

    expect(keys[0]).toHaveLength(1);
    expect(keys[1]).toEqual(keys[0]);
  });
});

describe('WorkerQueue options', () => {
  test('prod profile retains queues and keeps logs 3 months', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { profile: Profiles.PROD });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    const queues = template.findResources('AWS::SQS::Queue');
    for (const queue of Object.values(queues)) {
      expect(queue).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('fifo makes both queues FIFO with content-based deduplication', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', {
      fifo: true,
      contentBasedDeduplication: true,
      queueName: 'orders.fifo',
      batchSize: 10,
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'orders.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'orders-dlq.fifo', FifoQueue: true });
  });

  test('fifo without a name gets a generated .fifo name', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { fifo: true });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('^TestStackJobs[A-Za-z0-9]+\\.fifo$'),
      FifoQueue: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: Match.stringLikeRegexp('^TestStackJobs[A-Za-z0-9]+-dlq\\.fifo$'),
    });
  });

  test('explicit queue name names the dead-letter queue too', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { queueName: 'report_jobs' });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'report_jobs' });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'report_jobs-dlq' });
  });

  test('KMS encryption creates one rotated key for both queues', () => {
    const { stack } = createStack();

    const worker = new WorkerQueue(stack, 'Jobs', { encryption: sqs.QueueEncryption.KMS });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsKey'), 'Arn'] } },
      2,
    );
    expect(worker.encryptionKey).toBeDefined();
  });

  test('KMS key follows the profile removal policy', () => {
    const dev = createStack();
    const prod = createStack();

    new WorkerQueue(dev.stack, 'Jobs', { encryption: sqs.QueueEncryption.KMS });
    new WorkerQueue(prod.stack, 'Jobs', { encryption: sqs.QueueEncryption.KMS, profile: Profiles.PROD });

    Template.fromStack(dev.stack).hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
    Template.fromStack(prod.stack).hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('KMS encryption uses a given key', () => {
    const { stack } = createStack();
    const key = new kms.Key(stack, 'SharedKey', { enableKeyRotation: true });

    new WorkerQueue(stack, 'Jobs', { encryption: sqs.QueueEncryption.KMS, encryptionKey: key });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedKey'), 'Arn'] } },
      2,
    );
  });

  test('KMS_MANAGED encryption uses the aws/sqs key', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { encryption: sqs.QueueEncryption.KMS_MANAGED });

    Template.fromStack(stack).resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { KmsMasterKeyId: 'alias/aws/sqs' },
      2,
    );
  });

  test('visibility timeout default adds the batching window', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', {
      timeout: Duration.seconds(30),
      maxBatchingWindow: Duration.seconds(20),
      batchSize: 100,
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 6 * 30 + 20 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 20,
    });
  });

  test('visibility timeout below 6 × timeout warns', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', {
      timeout: Duration.seconds(60),
      visibilityTimeout: Duration.seconds(120),
    });

    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 120 });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Jobs',
      Match.stringLikeRegexp('visibilityTimeout is 120 seconds, less than the recommended 360 seconds'),
    );
  });

  test('visibility timeout of at least 6 × timeout does not warn', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', {
      timeout: Duration.seconds(60),
      visibilityTimeout: Duration.seconds(400),
    });

    Annotations.fromStack(stack).hasNoWarning('/TestStack/Jobs', Match.stringLikeRegexp('visibilityTimeout'));
  });

  test('function timeout, memory, tracing and reserve are passed through', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', {
      timeout: Duration.seconds(900),
      memorySize: 1024,
      tracing: lambda.Tracing.ACTIVE,
      environment: { FEATURE: 'on' },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      MemorySize: 1024,
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ FEATURE: 'on', STOP_BEFORE_TIMEOUT_MS: '30000' }) },
    });
  });

  test('explicit stopBeforeTimeout is passed to the worker', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { stopBeforeTimeout: Duration.seconds(5) });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STOP_BEFORE_TIMEOUT_MS: '5000' }) },
    });
  });

  test('max concurrency is configurable', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { maxConcurrency: 250 });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 250 },
    });
  });

  test('reserved concurrency is set and warns about account quotas', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { reservedConcurrentExecutions: 20 });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 20,
    });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Jobs',
      Match.stringLikeRegexp('reservedConcurrentExecutions is 20.*low concurrency quota'),
    );
  });

  test('vpc places the worker in private subnets with an HTTPS-only security group', () => {
    const { stack, vpc } = createStack();

    new WorkerQueue(stack, 'Jobs', { vpc });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcApplicationSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcApplicationSubnet2') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsSecurityGroup'), 'GroupId'] }],
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Worker of TestStack/Jobs',
      SecurityGroupEgress: [
        {
          CidrIp: '0.0.0.0/0',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          Description: 'AWS APIs over HTTPS',
        },
      ],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
            ],
          ],
        },
      ],
    });
  });

  test('connections let the app open a port from the worker', () => {
    const { stack, vpc } = createStack();
    const database = new ec2.SecurityGroup(stack, 'Database', { vpc });
    const worker = new WorkerQueue(stack, 'Jobs', { vpc });

    database.connections.allowFrom(worker, ec2.Port.tcp(5432));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsSecurityGroup'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsSecurityGroup'), 'GroupId'] },
    });
  });

  test('redis settings reach the worker and the token stays in Secrets Manager', () => {
    const { stack, vpc } = createStack();
    const token = new secretsmanager.Secret(stack, 'RedisToken');

    new WorkerQueue(stack, 'Jobs', {
      vpc,
      redis: { host: 'master.cache.example.com', port: 6380, authToken: token, authTokenField: 'token' },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REDIS_HOST: 'master.cache.example.com',
          REDIS_PORT: '6380',
          REDIS_TLS: 'true',
          REDIS_AUTH_TOKEN_SECRET_ARN: { Ref: Match.stringLikeRegexp('^RedisToken') },
          REDIS_AUTH_TOKEN_SECRET_FIELD: 'token',
          REDIS_AUTH_TOKEN: Match.absent(),
        }),
      },
      Layers: [Match.stringLikeRegexp('AWS-Parameters-and-Secrets-Lambda-Extension-Arm64')],
    });
    expect(workerPolicyStatements(template)).toContainEqual(
      expect.objectContaining({
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { Ref: expect.stringMatching(/^RedisToken/) },
      }),
    );
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Jobs', Match.stringLikeRegexp('No redis store'));
  });

  test('run-task target grants RunTask and PassRole on its own resources only', () => {
    const { stack, vpc } = createStack();
    const { cluster, taskDefinition } = createRunTaskTarget(stack, vpc);

    const worker = new WorkerQueue(stack, 'Jobs', {
      vpc,
      runTask: { cluster, taskDefinition, containerName: 'report' },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CLUSTER_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'Arn'] },
          TASK_DEFINITION_ARN: { Ref: Match.stringLikeRegexp('^ReportTask') },
          CONTAINER_NAME: 'report',
          SUBNETS: {
            'Fn::Join': [
              '',
              [
                { Ref: Match.stringLikeRegexp('^NetworkVpcApplicationSubnet1') },
                ',',
                { Ref: Match.stringLikeRegexp('^NetworkVpcApplicationSubnet2') },
              ],
            ],
          },
          SECURITY_GROUPS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsRunTaskSecurityGroup'), 'GroupId'] },
        }),
      },
    });
    const statements = workerPolicyStatements(template);
    expect(statements).toContainEqual({
      Action: 'ecs:RunTask',
      Effect: 'Allow',
      Resource: { Ref: expect.stringMatching(/^ReportTask/) },
      Condition: {
        ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'Arn'] } },
      },
    });
    expect(statements).toContainEqual({
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: expect.arrayContaining([
        { 'Fn::GetAtt': [expect.stringMatching(/^ReportTaskTaskRole/), 'Arn'] },
        { 'Fn::GetAtt': [expect.stringMatching(/^ReportTaskExecutionRole/), 'Arn'] },
      ]),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
    expect(JSON.stringify(statements.map((statement) => statement.Resource))).not.toContain('"*"');
    expect(worker.runTaskConnections?.securityGroups).toHaveLength(1);
  });

  test('grantSendMessages lets a task role send to the queue', () => {
    const { stack } = createStack();
    const worker = new WorkerQueue(stack, 'Jobs');
    const taskRole = new iam.Role(stack, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });

    worker.grantSendMessages(taskRole);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^TaskRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsQueue'), 'Arn'] },
          }),
        ],
      },
    });
  });

  test('isolated subnets get the missing endpoints with CREATE', () => {
    const { stack, vpc } = createStack();
    const { cluster, taskDefinition } = createRunTaskTarget(stack, vpc);

    new WorkerQueue(stack, 'Jobs', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      interfaceEndpoints: InterfaceEndpointMode.CREATE,
      redis: { host: 'cache.example.com', authToken: new secretsmanager.Secret(stack, 'RedisToken') },
      runTask: { cluster, taskDefinition, containerName: 'report' },
    });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 3); // S3 gateway + Secrets Manager + ECS
    for (const service of ['secretsmanager', 'ecs']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.us-east-1.${service}`,
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') },
        ],
      });
    }
  });

  test('isolated subnets accept an endpoint the VPC already has', () => {
    const { stack, vpc } = createStack();
    vpc.addInterfaceEndpoint('SecretsManager', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    });

    new WorkerQueue(stack, 'Jobs', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      redis: { host: 'cache.example.com', authToken: new secretsmanager.Secret(stack, 'RedisToken') },
    });

    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
  });

  test('EXTERNAL endpoints skip the check', () => {
    const { stack, vpc } = createStack();

    new WorkerQueue(stack, 'Jobs', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      interfaceEndpoints: InterfaceEndpointMode.EXTERNAL,
      redis: { host: 'cache.example.com', authToken: new secretsmanager.Secret(stack, 'RedisToken') },
    });

    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });

  test('custom entry is bundled with NodejsFunction', () => {
    const { stack } = createStack();

    new WorkerQueue(stack, 'Jobs', { entry: CUSTOM_ENTRY });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs26.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  test('metric helpers name statistic and unit', () => {
    const { stack } = createStack();
    const worker = new WorkerQueue(stack, 'Jobs');

    const cases: [string, { metricName: string; namespace: string; statistic: string }][] = [
      [
        'visible',
        { metricName: 'ApproximateNumberOfMessagesVisible', namespace: 'AWS/SQS', statistic: 'Maximum' },
      ],
      ['oldest', { metricName: 'ApproximateAgeOfOldestMessage', namespace: 'AWS/SQS', statistic: 'Maximum' }],
      [
        'dlq',
        { metricName: 'ApproximateNumberOfMessagesVisible', namespace: 'AWS/SQS', statistic: 'Maximum' },
      ],
      ['invocations', { metricName: 'Invocations', namespace: 'AWS/Lambda', statistic: 'Sum' }],
      ['errors', { metricName: 'Errors', namespace: 'AWS/Lambda', statistic: 'Sum' }],
      ['throttles', { metricName: 'Throttles', namespace: 'AWS/Lambda', statistic: 'Sum' }],
      ['duration', { metricName: 'Duration', namespace: 'AWS/Lambda', statistic: 'p99' }],
      ['concurrent', { metricName: 'ConcurrentExecutions', namespace: 'AWS/Lambda', statistic: 'Maximum' }],
      ['jobsFailed', { metricName: 'JobsFailed', namespace: 'CdkScaleUp/Worker', statistic: 'Sum' }],
    ];
    const metrics: Record<
      string,
      { metricName: string; namespace: string; statistic: string; dimensions?: unknown }
    > = {
      visible: worker.metricVisibleMessagesMaxCount(),
      oldest: worker.metricOldestMessageAgeMaxSeconds(),
      dlq: worker.metricDeadLetterMessagesMaxCount(),
      invocations: worker.metricInvocationsSumCount(),
      errors: worker.metricErrorsSumCount(),
      throttles: worker.metricThrottlesSumCount(),
      duration: worker.metricDurationP99Milliseconds(),
      concurrent: worker.metricConcurrentExecutionsMaxCount(),
      jobsFailed: worker.metricJobsFailedSumCount('ecs.run-task'),
    };

    for (const [name, expected] of cases) {
      expect({ name, ...metrics[name] }).toMatchObject({ name, ...expected });
    }
    expect(stack.resolve(worker.metricDeadLetterMessagesMaxCount().dimensions)).toEqual({
      QueueName: { 'Fn::GetAtt': [expect.stringMatching(/^JobsDeadLetterQueue/), 'QueueName'] },
    });
    expect(worker.metricJobsFailedSumCount('ecs.run-task').dimensions).toEqual({
      service: expect.stringMatching(/^TestStackJobs/),
      JobType: 'ecs.run-task',
    });
  });

  test('tokens skip the range checks', () => {
    const { stack } = createStack();

    expect(
      () =>
        new WorkerQueue(stack, 'Jobs', {
          batchSize: Token.asNumber({ Ref: 'BatchSize' }),
          maxConcurrency: Token.asNumber({ Ref: 'MaxConcurrency' }),
          queueName: Token.asString({ Ref: 'QueueName' }),
        }),
    ).not.toThrow();
  });

  test('all options pass cdk-nag AwsSolutions checks', () => {
    const { stack, vpc } = createStack();
    const { cluster, taskDefinition } = createRunTaskTarget(stack, vpc);
    const token = new secretsmanager.Secret(stack, 'RedisToken');
    Validations.of(token).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Test fixture; the data tier owns rotation of the real token.',
    });

    new WorkerQueue(stack, 'Jobs', {
      vpc,
      encryption: sqs.QueueEncryption.KMS,
      tracing: lambda.Tracing.ACTIVE,
      redis: { host: 'cache.example.com', authToken: token },
      runTask: { cluster, taskDefinition, containerName: 'report' },
    });
    const app = stack.node.root;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => (app as unknown as { synth(): unknown }).synth()).not.toThrow();
  });
});

describe('WorkerQueue bad input', () => {
  test('connections without vpc names the missing prop', () => {
    const { stack } = createStack();
    const worker = new WorkerQueue(stack, 'Jobs');

    expect(() => worker.connections).toThrow(
      /TestStack\/Jobs: invalid vpc: got none, so the worker has no security group/,
    );
  });

  test('built-in worker unavailable without entry', () => {
    jest.isolateModules(() => {
      jest.doMock('../../lib/async/private/worker-bundle', () => {
        const actual = jest.requireActual('../../lib/async/private/worker-bundle');
        return {
          ...actual,
          workerBundleDirectory: () => {
            throw new actual.WorkerBundleError('esbuild is not installed and no prebuilt bundle exists');
          },
        };
      });
      // Required here so that WorkerQueue imports the mocked bundle module.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../lib/async') as typeof import('../../lib/async');
      const { stack } = createStack();
      expect(() => new isolated.WorkerQueue(stack, 'Jobs')).toThrow(
        /TestStack\/Jobs: invalid entry: got none, and the built-in worker is unavailable: esbuild is not installed/,
      );
    });
  });

  test('queue name longer than 80 characters', () => {
    const name = 'q'.repeat(81);
    expect(constructionError({ queueName: name }).message).toMatch(
      /TestStack\/Jobs: invalid queueName: got "q{81}"; the name must be 1 to 80 characters long \(got 81\)/,
    );
  });

  test('queue name with invalid characters', () => {
    expect(constructionError({ queueName: 'report jobs' }).message).toMatch(
      /invalid queueName: got "report jobs"; the name may contain only letters, digits, hyphens and underscores/,
    );
  });

  test('queue name .fifo suffix on a standard queue', () => {
    expect(constructionError({ queueName: 'orders.fifo' }).message).toMatch(
      /invalid queueName: got "orders.fifo" with fifo: false; a queue name ends in ".fifo" exactly when the queue is FIFO/,
    );
  });

  test('FIFO queue name without .fifo suffix', () => {
    expect(constructionError({ queueName: 'orders', fifo: true }).message).toMatch(
      /invalid queueName: got "orders" with fifo: true; a queue name ends in ".fifo" exactly when/,
    );
  });

  test('queue name without room for the dead-letter suffix', () => {
    const name = 'q'.repeat(78);
    expect(constructionError({ queueName: name }).message).toMatch(
      /invalid queueName: got "q{78}" \(78 characters\); the dead-letter queue adds "-dlq" to it, so the name may have at most 76 characters/,
    );
  });

  test('content-based deduplication on a standard queue', () => {
    expect(constructionError({ contentBasedDeduplication: true }).message).toMatch(
      /invalid contentBasedDeduplication: got true for a standard queue; content-based deduplication needs fifo: true/,
    );
  });

  test('unencrypted queues', () => {
    expect(constructionError({ encryption: sqs.QueueEncryption.UNENCRYPTED }).message).toMatch(
      /invalid encryption: got "NONE"; allowed values are "SQS_MANAGED", "KMS_MANAGED", "KMS"/,
    );
  });

  test('encryption key without KMS encryption', () => {
    const { stack, vpc } = createStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => new WorkerQueue(stack, 'Jobs', { vpc, encryptionKey: key })).toThrow(
      /invalid encryptionKey: got a key with encryption SQS_MANAGED; a key needs encryption: QueueEncryption.KMS/,
    );
  });

  test('retention period shorter than 60 seconds', () => {
    expect(constructionError({ retentionPeriod: Duration.seconds(30) }).message).toMatch(
      /invalid retentionPeriod: got 30 seconds; must be from 60 to 1209600 seconds/,
    );
  });

  test('maxReceiveCount above 1000', () => {
    expect(constructionError({ maxReceiveCount: 1001 }).message).toMatch(
      /invalid maxReceiveCount: got 1001; must be an integer from 1 to 1000/,
    );
  });

  test('function timeout above 900 seconds', () => {
    expect(constructionError({ timeout: Duration.seconds(901) }).message).toMatch(
      /invalid timeout: got 901 seconds; must be from 1 to 900 seconds/,
    );
  });

  test('memory below 128 MB', () => {
    expect(constructionError({ memorySize: 100 }).message).toMatch(
      /invalid memorySize: got 100 MB; must be an integer from 128 to 10240 MB/,
    );
  });

  test('runtime other than Node.js', () => {
    expect(constructionError({ runtime: lambda.Runtime.PYTHON_3_13 }).message).toMatch(
      /invalid runtime: got python3.13; the worker is JavaScript and needs a Node.js runtime/,
    );
  });

  test('handler without entry', () => {
    expect(constructionError({ handler: 'main' }).message).toMatch(
      /invalid handler: got "main" without entry; handler names a function exported by entry/,
    );
  });

  test('reserved concurrency of 0', () => {
    expect(constructionError({ reservedConcurrentExecutions: 0 }).message).toMatch(
      /invalid reservedConcurrentExecutions: got 0; must be a positive integer/,
    );
  });

  test('stopBeforeTimeout not shorter than timeout', () => {
    expect(
      constructionError({ timeout: Duration.seconds(10), stopBeforeTimeout: Duration.seconds(10) }).message,
    ).toMatch(
      /invalid stopBeforeTimeout: got 10 seconds, not shorter than the function timeout of 10 seconds/,
    );
  });

  test('batching window above 300 seconds', () => {
    expect(constructionError({ maxBatchingWindow: Duration.seconds(301) }).message).toMatch(
      /invalid maxBatchingWindow: got 301 seconds; must be from 0 to 300 seconds/,
    );
  });

  test('batching window on a FIFO queue', () => {
    expect(constructionError({ fifo: true, maxBatchingWindow: Duration.seconds(5) }).message).toMatch(
      /invalid maxBatchingWindow: got 5 seconds for a FIFO queue; Lambda supports no batching window on FIFO queues/,
    );
  });

  test('batch size above 10000', () => {
    expect(constructionError({ batchSize: 10_001, maxBatchingWindow: Duration.seconds(1) }).message).toMatch(
      /invalid batchSize: got 10001 messages; must be an integer from 1 to 10000 messages/,
    );
  });

  test('FIFO batch size above 10', () => {
    expect(constructionError({ fifo: true, batchSize: 11 }).message).toMatch(
      /invalid batchSize: got 11 messages \(FIFO queue\); must be an integer from 1 to 10 messages \(FIFO queue\)/,
    );
  });

  test('batch size above 10 without a batching window', () => {
    expect(constructionError({ batchSize: 11 }).message).toMatch(
      /invalid batchSize: got 11 messages without a batching window; .* needs maxBatchingWindow of at least 1 second/,
    );
  });

  test('max concurrency below 2', () => {
    expect(constructionError({ maxConcurrency: 1 }).message).toMatch(
      /invalid maxConcurrency: got 1; must be an integer from 2 to 1000/,
    );
  });

  test('redis without vpc', () => {
    expect(constructionError({ redis: { host: 'cache.example.com' } }, false).message).toMatch(
      /invalid redis: redis needs the worker in a VPC; give vpc as well/,
    );
  });

  test('redis port 0', () => {
    expect(constructionError({ redis: { host: 'cache.example.com', port: 0 } }).message).toMatch(
      /invalid redis.port: got 0; must be an integer from 1 to 65535/,
    );
  });

  test('redis token field without token', () => {
    expect(
      constructionError({ redis: { host: 'cache.example.com', authTokenField: 'token' } }).message,
    ).toMatch(/invalid redis.authTokenField: got "token" without redis.authToken/);
  });

  test('idempotency TTL not longer than retention', () => {
    expect(
      constructionError({ retentionPeriod: Duration.days(14), idempotencyTtl: Duration.days(14) }).message,
    ).toMatch(/invalid idempotencyTtl: got 14 days, not longer than the queue's retentionPeriod of 14 days/);
  });

  test('run-task container missing from the task definition', () => {
    const { stack, vpc } = createStack();
    const { cluster, taskDefinition } = createRunTaskTarget(stack, vpc);
    expect(
      () =>
        new WorkerQueue(stack, 'Jobs', { vpc, runTask: { cluster, taskDefinition, containerName: 'web' } }),
    ).toThrow(
      /invalid runTask.containerName: got "web", which is not a container of the task definition TestStack\/ReportTask; its containers are report/,
    );
  });

  test('visibility timeout shorter than the function timeout', () => {
    expect(
      constructionError({ timeout: Duration.seconds(120), visibilityTimeout: Duration.seconds(60) }).message,
    ).toMatch(/invalid visibilityTimeout: got 60 seconds, shorter than the function timeout of 120 seconds/);
  });

  test('visibility timeout above 12 hours', () => {
    expect(constructionError({ visibilityTimeout: Duration.hours(13) }).message).toMatch(
      /invalid visibilityTimeout: got 46800 seconds; must be from 0 to 43200 seconds/,
    );
  });

  test('isolated subnets without the needed endpoint', () => {
    const { stack, vpc } = createStack();
    const { cluster, taskDefinition } = createRunTaskTarget(stack, vpc);
    expect(
      () =>
        new WorkerQueue(stack, 'Jobs', {
          vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
          runTask: { cluster, taskDefinition, containerName: 'report' },
        }),
    ).toThrow(
      /invalid interfaceEndpoints: the worker runs in subnets without egress and calls ecs, but the VPC has no interface endpoint for it \(missing: ecs\)\. Add vpc.addInterfaceEndpoint\(\.\.\., \{ service: InterfaceVpcEndpointAwsService.ECS \}\)/,
    );
  });
});
