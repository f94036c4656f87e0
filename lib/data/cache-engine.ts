/** Engine of a {@link RedisCache}. Both speak the Redis protocol. */
export enum CacheEngine {
  /** Redis OSS, the last version ElastiCache offers being 7.1. */
  REDIS = 'redis',
  /** Valkey, the open-source fork of Redis OSS 7.2, priced lower than Redis OSS on ElastiCache. */
  VALKEY = 'valkey',
}

/**
 * Eviction policy applied when the cache reaches `maxmemory` (the `maxmemory-policy` parameter).
 * `VOLATILE_*` policies evict only keys that have a TTL, and `ALLKEYS_*` policies evict any key.
 * `NOEVICTION` rejects writes instead.
 */
export enum EvictionPolicy {
  /** Evicts the least recently used key among the keys with a TTL. */
  VOLATILE_LRU = 'volatile-lru',
  /** Evicts the least frequently used key among the keys with a TTL. */
  VOLATILE_LFU = 'volatile-lfu',
  /** Evicts the key with the shortest remaining TTL. */
  VOLATILE_TTL = 'volatile-ttl',
  /** Evicts a random key among the keys with a TTL. */
  VOLATILE_RANDOM = 'volatile-random',
  /** Evicts the least recently used key. */
  ALLKEYS_LRU = 'allkeys-lru',
  /** Evicts the least frequently used key. */
  ALLKEYS_LFU = 'allkeys-lfu',
  /** Evicts a random key. */
  ALLKEYS_RANDOM = 'allkeys-random',
  /** Evicts nothing: writes that need memory fail with an out-of-memory error. */
  NOEVICTION = 'noeviction',
}
