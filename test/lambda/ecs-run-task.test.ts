import { createHash } from 'crypto';
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createRunTaskJob,
  RunTaskConfigurationError,
  RunTaskFailedError,
  runTaskTargetFromEnvironment,
  type RunTaskTarget,
} from '../../lambda/jobs/ecs-run-task';
import { JobRouter, type JobContext } from '../../lambda/router';
import { createWorker } from '../../lambda/worker';
import { lambdaContext, recordingMetrics, silentLogger, sqsEvent, sqsRecord } from './support/sqs-events';

const ecs = mockClient(ECSClient);

const TARGET: RunTaskTarget = {
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/app',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/report:3',
  containerName: 'report',
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-1'],
};

function jobContext(idempotencyKey = 'key-1'): JobContext {
  return {
    messageId: 'message-1',
    idempotencyKey,
    receiveCount: 1,
    logger: silentLogger(),
    getRemainingTimeInMillis: () => 60_000,
  };
}

beforeEach(() => {
  ecs.reset();
});

describe('ecs.run-task job', () => {
  test('starts one Fargate task with the command override', async () => {
    ecs
      .on(RunTaskCommand)
      .resolves({ tasks: [{ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/app/1' }] });
    const job = createRunTaskJob(() => TARGET);

    const result = await job(
      { command: ['node', 'report.js'], environment: { MONTH: '2024-05' } },
      jobContext(),
    );

    expect(result).toEqual({ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/app/1' });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
    expect(ecs.commandCalls(RunTaskCommand)[0].args[0].input).toEqual({
      cluster: TARGET.clusterArn,
      taskDefinition: TARGET.taskDefinitionArn,
      launchType: 'FARGATE',
      count: 1,
      startedBy: 'cdk-scaleup-worker',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-a', 'subnet-b'],
          securityGroups: ['sg-1'],
          assignPublicIp: 'DISABLED',
        },
      },
      overrides: {
        containerOverrides: [
          {
            name: 'report',
            command: ['node', 'report.js'],
            environment: [{ name: 'MONTH', value: '2024-05' }],
          },
        ],
      },
      clientToken: createHash('sha256').update('key-1').digest('hex'),
    });
  });

  test('client token is the same for a retried job', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'task-1' }] });
    const job = createRunTaskJob(() => TARGET);

    await job({ command: ['true'] }, jobContext('same-key'));
    await job({ command: ['true'] }, jobContext('same-key'));

    const tokens = ecs.commandCalls(RunTaskCommand).map((call) => call.args[0].input.clientToken);
    expect(tokens[0]).toHaveLength(64);
    expect(tokens[1]).toBe(tokens[0]);
  });

  test('ECS failures make the job fail', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ arn: 'arn:task', reason: 'RESOURCE:ENI' }] });
    const job = createRunTaskJob(() => TARGET);

    await expect(job({ command: ['true'] }, jobContext())).rejects.toThrow(RunTaskFailedError);
    await expect(job({ command: ['true'] }, jobContext())).rejects.toThrow(
      'ECS started no task (arn:task: RESOURCE:ENI)',
    );
  });

  test('API errors propagate', async () => {
    ecs.on(RunTaskCommand).rejects(new Error('ThrottlingException: Rate exceeded'));
    const job = createRunTaskJob(() => TARGET);

    await expect(job({ command: ['true'] }, jobContext())).rejects.toThrow('Rate exceeded');
  });

  test('worker without a target fails the job', async () => {
    const job = createRunTaskJob(() => undefined);

    await expect(job({ command: ['true'] }, jobContext())).rejects.toThrow(
      /this worker has no run-task target; give the WorkerQueue a runTask prop/,
    );
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  test.each([
    ['no payload', null, /the ecs.run-task payload must be an object with a command array/],
    ['empty command', { command: [] }, /payload.command must be a non-empty array of strings/],
    ['non-string argument', { command: ['echo', 1] }, /payload.command must be a non-empty array of strings/],
    ['array environment', { command: ['true'], environment: [] }, /payload.environment must be an object/],
    [
      'invalid variable name',
      { command: ['true'], environment: { '1X': 'a' } },
      /payload.environment.1X is invalid/,
    ],
    ['non-string value', { command: ['true'], environment: { X: 1 } }, /payload.environment.X is invalid/],
    ['oversized override', { command: ['x'.repeat(9000)] }, /ECS accepts at most 8192/],
  ])('rejects %s', async (_case, payload, message) => {
    const job = createRunTaskJob(() => TARGET);

    await expect(job(payload, jobContext())).rejects.toThrow(RunTaskConfigurationError);
    await expect(job(payload, jobContext())).rejects.toThrow(message);
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  test('target is read from the environment', () => {
    expect(
      runTaskTargetFromEnvironment({
        CLUSTER_ARN: TARGET.clusterArn,
        TASK_DEFINITION_ARN: TARGET.taskDefinitionArn,
        CONTAINER_NAME: 'report',
        SUBNETS: 'subnet-a, subnet-b',
        SECURITY_GROUPS: 'sg-1',
      }),
    ).toEqual(TARGET);
    expect(runTaskTargetFromEnvironment({})).toBeUndefined();
  });

  test('incomplete environment names the missing variables', () => {
    expect(() =>
      runTaskTargetFromEnvironment({ CLUSTER_ARN: TARGET.clusterArn, CONTAINER_NAME: 'report' }),
    ).toThrow('the run-task target is incomplete: TASK_DEFINITION_ARN, SUBNETS, SECURITY_GROUPS not set');
  });

  test('worker routes an envelope to RunTask and reports success', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'task-1' }] });
    const router = new JobRouter().register(
      'ecs.run-task',
      createRunTaskJob(() => TARGET),
    );
    const { metrics } = recordingMetrics();
    const worker = createWorker({ router, logger: silentLogger(), metrics, stopBeforeTimeoutMillis: 1000 });

    const response = await worker(
      sqsEvent([
        sqsRecord('m-1', {
          type: 'ecs.run-task',
          payload: { command: ['npm', 'run', 'report'] },
          idempotencyKey: 'report-may',
        }),
      ]),
      lambdaContext(() => 60_000),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs.commandCalls(RunTaskCommand)[0].args[0].input.clientToken).toBe(
      createHash('sha256').update('report-may').digest('hex'),
    );
  });
});
