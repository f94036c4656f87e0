import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  DEFAULT_IDEMPOTENCY_TTL_SECONDS,
  DEFAULT_REDIS_PORT,
  DEFAULT_REDIS_TIMEOUT_MS,
  DEFAULT_STOP_BEFORE_TIMEOUT_MS,
  WorkerEnvironment,
} from './environment';
import { RedisConnection, type RedisSettings } from './redis';
import type { JobRouter } from './router';
import { readSecret } from './secrets';
import { createWorker, type WorkerHandler } from './worker';

/** Thrown at cold start when an environment variable has an invalid value. */
export class WorkerConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerConfigurationError';
  }
}

/** A worker built from the environment, with the connection it opened. */
export interface EnvironmentWorker {
  readonly handler: WorkerHandler;
  readonly logger: Logger;
  /** Redis connection of the idempotency store; undefined without REDIS_HOST. */
  readonly redis?: RedisConnection;
}

/**
 * Builds the worker from the variables in {@link WorkerEnvironment}.
 *
 * @throws WorkerConfigurationError naming the variable with an invalid value
 */
export function createWorkerFromEnvironment(
  router: JobRouter,
  env: NodeJS.ProcessEnv = process.env,
): EnvironmentWorker {
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? 'cdk-scaleup-worker';
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({
    serviceName,
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'CdkScaleUp/Worker',
  });
  const stopBeforeTimeoutMillis = readInteger(
    env,
    WorkerEnvironment.STOP_BEFORE_TIMEOUT_MS,
    DEFAULT_STOP_BEFORE_TIMEOUT_MS,
    0,
  );

  const settings = redisSettingsFromEnvironment(env);
  if (!settings) {
    logger.warn(
      'REDIS_HOST is not set, so the worker runs without idempotency: a redelivered message runs its job again',
    );
    return { handler: createWorker({ router, logger, metrics, stopBeforeTimeoutMillis }), logger };
  }

  const redis = new RedisConnection(settings, logger);
  const handler = createWorker({
    router,
    logger,
    metrics,
    stopBeforeTimeoutMillis,
    idempotency: {
      persistenceStore: new CachePersistenceLayer({ client: redis }),
      expiresAfterSeconds: readInteger(
        env,
        WorkerEnvironment.IDEMPOTENCY_TTL_SECONDS,
        DEFAULT_IDEMPOTENCY_TTL_SECONDS,
        1,
      ),
      keyPrefix: env[WorkerEnvironment.IDEMPOTENCY_KEY_PREFIX] || env.AWS_LAMBDA_FUNCTION_NAME || 'worker',
    },
    beforeBatch: () => redis.connect(),
  });
  return { handler, logger, redis };
}

/** Reads the Redis settings; undefined when REDIS_HOST is unset. */
export function redisSettingsFromEnvironment(env: NodeJS.ProcessEnv): RedisSettings | undefined {
  const host = env[WorkerEnvironment.REDIS_HOST];
  if (!host) {
    return undefined;
  }

  const tlsValue = env[WorkerEnvironment.REDIS_TLS] ?? 'true';
  if (tlsValue !== 'true' && tlsValue !== 'false') {
    throw new WorkerConfigurationError(
      `${WorkerEnvironment.REDIS_TLS} must be "true" or "false", got "${tlsValue}"`,
    );
  }

  const plainToken = env[WorkerEnvironment.REDIS_AUTH_TOKEN];
  const secretArn = env[WorkerEnvironment.REDIS_AUTH_TOKEN_SECRET_ARN];
  const secretField = env[WorkerEnvironment.REDIS_AUTH_TOKEN_SECRET_FIELD] || undefined;
  let cachedToken: string | undefined;
  const authToken = async (): Promise<string | undefined> => {
    if (plainToken) {
      return plainToken;
    }
    if (!secretArn) {
      return undefined;
    }
    cachedToken ??= await readSecret(secretArn, secretField, env);
    return cachedToken;
  };

  return {
    host,
    port: readInteger(env, WorkerEnvironment.REDIS_PORT, DEFAULT_REDIS_PORT, 1, 65535),
    tls: tlsValue === 'true',
    authToken,
    timeoutMillis: readInteger(env, WorkerEnvironment.REDIS_TIMEOUT_MS, DEFAULT_REDIS_TIMEOUT_MS, 1),
  };
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  defaultValue: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return defaultValue;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WorkerConfigurationError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
