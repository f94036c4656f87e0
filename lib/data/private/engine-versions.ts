import { CacheEngine } from '../cache-engine';

/** Returns the engine version used when none is given: Redis OSS 7.1 (the newest) or Valkey 8.2. */
export function defaultEngineVersion(engine: CacheEngine): string {
  return engine === CacheEngine.VALKEY ? '8.2' : '7.1';
}

/**
 * Returns the parameter group family of an engine version, or undefined for a version this package
 * does not support. Supported: Redis OSS 6.x (`redis6.x`) and 7.x (`redis7`), Valkey 7.2
 * (`valkey7`) and later. Slow-log delivery to CloudWatch Logs needs Redis OSS 6.0 or later.
 */
export function parameterGroupFamily(engine: CacheEngine, version: string): string | undefined {
  const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
  if (!match) {
    return undefined;
  }
  const major = Number(match[1]);
  if (engine === CacheEngine.REDIS) {
    if (major === 6) {
      return 'redis6.x';
    }
    return major === 7 ? 'redis7' : undefined;
  }
  // NOTE: families after valkey8 are assumed to follow the `valkey<major>` pattern.
  return major >= 7 ? `valkey${major}` : undefined;
}
