import { SecretValue, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../core/errors';
import { checkAllowedValue, checkIntegerRange, describeValue, checkLiteralCount } from '../core/validation';
import { CacheEngine, EvictionPolicy } from './cache-engine';
import type { RedisCacheProps } from './redis-cache';
import { checkDailyWindow, checkWeeklyWindow, checkWindowsDoNotOverlap } from './private/time-windows';

/** Settings of a {@link RedisCache} after profile defaults are applied. */
export interface RedisSettings {
  readonly engine: CacheEngine;
  readonly engineVersion: string;
  /** Undefined when the engine version is not one the package supports. */
  readonly parameterGroupFamily: string | undefined;
  readonly cacheNodeType: string;
  readonly replicas: number;
  readonly clusterMode: boolean;
  readonly shards: number;
  readonly multiAzEnabled: boolean;
  readonly automaticFailoverEnabled: boolean;
  readonly port: number;
  readonly evictionPolicy: EvictionPolicy;
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly preferredMaintenanceWindow: string;
}

/**
 * AUTH token rules of ElastiCache: 16–128 printable ASCII characters, and the only
 * non-alphanumeric characters allowed are ! & # $ ^ < > - ("Authenticating with the Valkey and
 * Redis OSS AUTH command", Amazon ElastiCache User Guide; the same list is in the AuthToken
 * parameter of CreateReplicationGroup).
 */
const AUTH_TOKEN_MIN_LENGTH = 16;
const AUTH_TOKEN_MAX_LENGTH = 128;
const AUTH_TOKEN_CHARACTERS = /^[A-Za-z0-9!&#$^<>-]*$/;

/** ElastiCache allows at most 5 replicas per shard, and 500 shards in cluster mode. */
const MAX_REPLICAS = 5;
const MAX_SHARDS = 500;

/** Validates the props of a {@link RedisCache}; each broken rule throws a {@link ScaleUpValidationError}. */
export function validateRedisProps(scope: IConstruct, props: RedisCacheProps, settings: RedisSettings): void {
  checkAllowedValue(scope, 'engine', settings.engine, Object.values(CacheEngine));
  checkEngineVersion(scope, settings);
  checkAllowedValue(scope, 'evictionPolicy', settings.evictionPolicy, Object.values(EvictionPolicy));
  checkCacheNodeType(scope, settings.cacheNodeType);
  checkLiteralCount(scope, 'replicas', settings.replicas);
  checkLiteralCount(scope, 'shards', settings.shards);
  checkIntegerRange(scope, 'replicas', settings.replicas, 0, MAX_REPLICAS);
  checkIntegerRange(scope, 'port', settings.port, 1, 65535);
  checkTopology(scope, props, settings);

  checkIntegerRange(scope, 'snapshotRetentionDays', settings.snapshotRetentionDays, 0, 35, 'days');
  checkDailyWindow(scope, 'snapshotWindow', settings.snapshotWindow, 1);
  checkWeeklyWindow(scope, 'preferredMaintenanceWindow', settings.preferredMaintenanceWindow, 60);
  if (settings.snapshotRetentionDays > 0) {
    checkWindowsDoNotOverlap(
      scope,
      'snapshotWindow',
      settings.snapshotWindow,
      'preferredMaintenanceWindow',
      settings.preferredMaintenanceWindow,
    );
  }
  checkAuthToken(scope, props.authToken);
}

function checkEngineVersion(scope: IConstruct, settings: RedisSettings): void {
  if (Token.isUnresolved(settings.engineVersion)) {
    throw new ScaleUpValidationError(
      scope,
      'engineVersion',
      'got a token; give the version as a literal, because the parameter group family is derived from it at synth',
    );
  }
  if (settings.parameterGroupFamily !== undefined) {
    return;
  }
  const allowed =
    settings.engine === CacheEngine.REDIS
      ? 'Redis OSS 6.x or 7.x, such as "7.1"'
      : 'Valkey 7.2 or later, such as "8.2"';
  throw new ScaleUpValidationError(
    scope,
    'engineVersion',
    `got ${describeValue(settings.engineVersion)} for engine ${settings.engine}; expected major.minor of ${allowed}`,
  );
}

function checkCacheNodeType(scope: IConstruct, cacheNodeType: string): void {
  if (Token.isUnresolved(cacheNodeType) || /^cache\.[a-z0-9-]+\.[a-z0-9]+$/.test(cacheNodeType)) {
    return;
  }
  throw new ScaleUpValidationError(
    scope,
    'cacheNodeType',
    `got ${describeValue(cacheNodeType)}; expected a node type with the "cache." prefix, such as "cache.t4g.micro" or "cache.r7g.large"`,
  );
}

function checkTopology(scope: IConstruct, props: RedisCacheProps, settings: RedisSettings): void {
  const { replicas, clusterMode } = settings;
  if (props.shards !== undefined && !clusterMode) {
    throw new ScaleUpValidationError(
      scope,
      'shards/clusterMode',
      `shards is ${props.shards} but clusterMode is off; set clusterMode: true to split the keyspace, or remove shards`,
    );
  }
  checkIntegerRange(scope, 'shards', settings.shards, 1, MAX_SHARDS);
  if (Token.isUnresolved(replicas)) {
    return;
  }

  if (
    replicas === 0 &&
    (props.multiAzEnabled === true || (props.automaticFailoverEnabled === true && !clusterMode))
  ) {
    throw new ScaleUpValidationError(
      scope,
      'multiAzEnabled/automaticFailoverEnabled',
      `replicas is 0 but multiAzEnabled is ${props.multiAzEnabled ?? false} and automaticFailoverEnabled is ` +
        `${props.automaticFailoverEnabled ?? false}; Multi-AZ and automatic failover need a replica to promote, ` +
        'so set replicas to 1 or more, or turn both off',
    );
  }
  if (clusterMode && props.automaticFailoverEnabled === false) {
    throw new ScaleUpValidationError(
      scope,
      'automaticFailoverEnabled',
      'got false with clusterMode on; ElastiCache requires automatic failover in cluster mode, so remove the prop',
    );
  }
  if (settings.multiAzEnabled && !settings.automaticFailoverEnabled) {
    throw new ScaleUpValidationError(
      scope,
      'multiAzEnabled/automaticFailoverEnabled',
      'multiAzEnabled is true but automaticFailoverEnabled is false; Multi-AZ needs automatic failover, so turn it on',
    );
  }
}

/**
 * Checks a literal AUTH token. The message describes the token by its length and the broken
 * rules only, never by its characters, because error messages end up in build logs.
 */
function checkAuthToken(scope: IConstruct, authToken: SecretValue | undefined): void {
  if (authToken === undefined) {
    return;
  }
  const resolved: unknown = Stack.of(scope).resolve(authToken.unsafeUnwrap());
  if (typeof resolved !== 'string' || resolved.includes('{{resolve:')) {
    return;
  }
  const problems: string[] = [];
  if (resolved.length < AUTH_TOKEN_MIN_LENGTH || resolved.length > AUTH_TOKEN_MAX_LENGTH) {
    problems.push(`must be ${AUTH_TOKEN_MIN_LENGTH} to ${AUTH_TOKEN_MAX_LENGTH} characters long`);
  }
  if (!AUTH_TOKEN_CHARACTERS.test(resolved)) {
    problems.push(
      'may contain only letters, digits and ! & # $ ^ < > - (no @, ", /, spaces or other characters)',
    );
  }
  if (problems.length > 0) {
    throw new ScaleUpValidationError(
      scope,
      'authToken',
      `got a literal token of ${resolved.length} characters that breaks the ElastiCache AUTH token rules; ` +
        `the token ${problems.join(', and ')}`,
    );
  }
}
