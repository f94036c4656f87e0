import { createHash } from 'node:crypto';
import type { ECSClient, RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { WorkerEnvironment } from '../environment';
import type { JobContext, JobHandler } from '../router';

/** Job type of the run-task job. */
export const RUN_TASK_JOB_TYPE = 'ecs.run-task';

/**
 * Payload of an `ecs.run-task` job: the command the container runs instead of its image's
 * default, and extra environment variables.
 */
export interface RunTaskPayload {
  /** Command and arguments, for example `["node", "dist/report.js", "--month", "2024-05"]`. */
  readonly command: string[];
  /** Extra environment variables of the container. Never pass credentials here. */
  readonly environment?: Record<string, string>;
}

/** Cluster, task definition and network of the run-task job, read from the worker's environment. */
export interface RunTaskTarget {
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly containerName: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/** Environment variables that configure the run-task job; the WorkerQueue construct sets them. */
const RUN_TASK_ENVIRONMENT = [
  WorkerEnvironment.CLUSTER_ARN,
  WorkerEnvironment.TASK_DEFINITION_ARN,
  WorkerEnvironment.CONTAINER_NAME,
  WorkerEnvironment.SUBNETS,
  WorkerEnvironment.SECURITY_GROUPS,
];

/** Thrown when a run-task payload or the worker's run-task configuration is invalid. */
export class RunTaskConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunTaskConfigurationError';
  }
}

/** Thrown when ECS accepted the request but started no task (for example for lack of capacity). */
export class RunTaskFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunTaskFailedError';
  }
}

// ECS rejects container overrides longer than 8192 characters, JSON formatting included
// (RunTask API reference, `overrides`).
const MAX_OVERRIDES_LENGTH = 8192;
const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
// RunTask `startedBy`: up to 128 letters, digits, hyphens, forward slashes and underscores.
const STARTED_BY = 'cdk-scaleup-worker';

/**
 * Reads the run-task target from the environment.
 *
 * @returns undefined when none of the variables is set (the worker has no run-task target)
 * @throws RunTaskConfigurationError when only some are set
 */
export function runTaskTargetFromEnvironment(env: NodeJS.ProcessEnv): RunTaskTarget | undefined {
  const missing = RUN_TASK_ENVIRONMENT.filter((name) => !env[name]);
  if (missing.length === RUN_TASK_ENVIRONMENT.length) {
    return undefined;
  }
  if (missing.length > 0) {
    throw new RunTaskConfigurationError(`the run-task target is incomplete: ${missing.join(', ')} not set`);
  }
  return {
    clusterArn: env.CLUSTER_ARN!,
    taskDefinitionArn: env.TASK_DEFINITION_ARN!,
    containerName: env.CONTAINER_NAME!,
    subnetIds: splitList(env.SUBNETS!),
    securityGroupIds: splitList(env.SECURITY_GROUPS!),
  };
}

/**
 * Validates a run-task payload.
 *
 * @throws RunTaskConfigurationError naming the invalid field
 */
export function parseRunTaskPayload(payload: unknown): RunTaskPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new RunTaskConfigurationError('the ecs.run-task payload must be an object with a command array');
  }
  const { command, environment } = payload as Record<string, unknown>;
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string')) {
    throw new RunTaskConfigurationError('payload.command must be a non-empty array of strings');
  }
  if (environment !== undefined) {
    if (environment === null || typeof environment !== 'object' || Array.isArray(environment)) {
      throw new RunTaskConfigurationError('payload.environment must be an object of string values');
    }
    for (const [name, value] of Object.entries(environment)) {
      if (!ENVIRONMENT_NAME_PATTERN.test(name) || typeof value !== 'string') {
        throw new RunTaskConfigurationError(
          `payload.environment.${name} is invalid; names are letters, digits and underscores ` +
            'not starting with a digit, and values are strings',
        );
      }
    }
  }
  return { command, environment: environment as Record<string, string> | undefined };
}

/** Builds the RunTask request of one job. */
export function buildRunTaskInput(
  target: RunTaskTarget,
  payload: RunTaskPayload,
  idempotencyKey: string,
): RunTaskCommandInput {
  const containerOverride = {
    name: target.containerName,
    command: payload.command,
    environment: Object.entries(payload.environment ?? {}).map(([name, value]) => ({ name, value })),
  };
  const overridesLength = JSON.stringify({ containerOverrides: [containerOverride] }).length;
  if (overridesLength > MAX_OVERRIDES_LENGTH) {
    throw new RunTaskConfigurationError(
      `the command and environment take ${overridesLength} characters; ECS accepts at most ` +
        `${MAX_OVERRIDES_LENGTH}. Pass large input through S3 and send its key instead`,
    );
  }
  return {
    cluster: target.clusterArn,
    taskDefinition: target.taskDefinitionArn,
    launchType: 'FARGATE',
    count: 1,
    startedBy: STARTED_BY,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: target.subnetIds,
        securityGroups: target.securityGroupIds,
        assignPublicIp: 'DISABLED',
      },
    },
    overrides: { containerOverrides: [containerOverride] },
    // A retried job sends the same token, so ECS returns the task it already started instead
    // of starting a second one. The token allows at most 64 characters: a SHA-256 hex digest.
    clientToken: createHash('sha256').update(idempotencyKey).digest('hex'),
  };
}

/**
 * Creates the `ecs.run-task` handler, which starts one Fargate task for work longer than Lambda's
 * 15-minute limit. It returns once ECS has accepted the task and does not wait for the task to end.
 *
 * @param readTarget returns the run-task target, or undefined when the worker has none
 * @param createClient creates the ECS client on first use, so that workers without run-task jobs
 *   never load the SDK
 */
export function createRunTaskJob(
  readTarget: () => RunTaskTarget | undefined,
  createClient: () => Promise<ECSClient> = createEcsClient,
): JobHandler {
  let client: ECSClient | undefined;

  return async (payload: unknown, context: JobContext) => {
    const target = readTarget();
    if (!target) {
      throw new RunTaskConfigurationError(
        'this worker has no run-task target; give the WorkerQueue a runTask prop to use ecs.run-task',
      );
    }
    const input = buildRunTaskInput(target, parseRunTaskPayload(payload), context.idempotencyKey);

    client ??= await createClient();
    const { RunTaskCommand } = await import('@aws-sdk/client-ecs');
    const response = await client.send(new RunTaskCommand(input));

    const failures = response.failures ?? [];
    const taskArn = response.tasks?.[0]?.taskArn;
    if (failures.length > 0 || !taskArn) {
      const reasons = failures.map(
        (failure) => `${failure.arn ?? 'task'}: ${failure.reason ?? 'unknown reason'}`,
      );
      throw new RunTaskFailedError(
        `ECS started no task (${reasons.length > 0 ? reasons.join('; ') : 'no task in the response'})`,
      );
    }
    context.logger.info('Started Fargate task', { taskArn, cluster: target.clusterArn });
    return { taskArn };
  };
}

async function createEcsClient(): Promise<ECSClient> {
  const { ECSClient } = await import('@aws-sdk/client-ecs');
  return new ECSClient({});
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
