/**
 * Environment variables of the worker function. The WorkerQueue construct sets them, and the
 * worker reads them at cold start. This file imports nothing, so the construct can share the
 * names without loading the worker's dependencies.
 */
export const WorkerEnvironment = {
  /** Host name of the Redis primary endpoint; without it the worker runs without idempotency. */
  REDIS_HOST: 'REDIS_HOST',
  /** Redis port. Default 6379. */
  REDIS_PORT: 'REDIS_PORT',
  /** `true` (default) to connect to Redis with TLS, `false` for plain TCP. */
  REDIS_TLS: 'REDIS_TLS',
  /** Redis AUTH token in plain text; for local runs and tests only. */
  REDIS_AUTH_TOKEN: 'REDIS_AUTH_TOKEN',
  /** ARN of the Secrets Manager secret holding the Redis AUTH token. */
  REDIS_AUTH_TOKEN_SECRET_ARN: 'REDIS_AUTH_TOKEN_SECRET_ARN',
  /** Field of a JSON secret that contains the token; the whole secret string when unset. */
  REDIS_AUTH_TOKEN_SECRET_FIELD: 'REDIS_AUTH_TOKEN_SECRET_FIELD',
  /** Milliseconds after which a Redis connection attempt or command counts as failed. Default 2000. */
  REDIS_TIMEOUT_MS: 'REDIS_TIMEOUT_MS',
  /** Seconds an idempotency record is kept. Default 1296000 (15 days). */
  IDEMPOTENCY_TTL_SECONDS: 'IDEMPOTENCY_TTL_SECONDS',
  /** Prefix of the idempotency record keys. Default: the function name. */
  IDEMPOTENCY_KEY_PREFIX: 'IDEMPOTENCY_KEY_PREFIX',
  /** Remaining invocation time, in milliseconds, below which no further job starts. Default 10000. */
  STOP_BEFORE_TIMEOUT_MS: 'STOP_BEFORE_TIMEOUT_MS',
  /** ARN of the cluster that `ecs.run-task` jobs start tasks in. */
  CLUSTER_ARN: 'CLUSTER_ARN',
  /** ARN, with revision, of the task definition that `ecs.run-task` jobs run. */
  TASK_DEFINITION_ARN: 'TASK_DEFINITION_ARN',
  /** Container whose command `ecs.run-task` jobs override. */
  CONTAINER_NAME: 'CONTAINER_NAME',
  /** Comma-separated subnet IDs of the tasks. */
  SUBNETS: 'SUBNETS',
  /** Comma-separated security group IDs of the tasks. */
  SECURITY_GROUPS: 'SECURITY_GROUPS',
} as const;

/** Default Redis port. */
export const DEFAULT_REDIS_PORT = 6379;
/** Default idempotency record lifetime: 15 days, one day more than the longest SQS message retention. */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 15 * 24 * 3600;
/** Default Redis timeout, in milliseconds. */
export const DEFAULT_REDIS_TIMEOUT_MS = 2000;
/** Default remaining time, in milliseconds, below which no further job starts. */
export const DEFAULT_STOP_BEFORE_TIMEOUT_MS = 10_000;
