import type { CacheClient } from '@aws-lambda-powertools/idempotency/cache/types';

/** Thrown by {@link MemoryCacheClient} while its simulated outage lasts. */
export class SimulatedOutageError extends Error {
  constructor() {
    super('simulated Redis outage: connection refused');
    this.name = 'SimulatedOutageError';
  }
}

interface Entry {
  value: string;
  /** Expiry time in milliseconds of `now()`; undefined for no expiry. */
  expiresAt?: number;
}

/**
 * An in-memory stand-in for Redis with the GET, SET (EX, NX) and DEL semantics that Powertools'
 * cache persistence layer uses. Time comes from `now`, so a test can move it forward.
 */
export class MemoryCacheClient implements CacheClient {
  /** While true, every command throws {@link SimulatedOutageError}. */
  public outage = false;
  /** Number of commands received, outage or not. */
  public commands = 0;

  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  public async get(name: string): Promise<string | null> {
    this.check();
    return this.live(name)?.value ?? null;
  }

  public async set(name: string | Uint8Array, value: unknown, options?: unknown): Promise<string | null> {
    this.check();
    const key = String(name);
    const { EX, NX } = (options ?? {}) as { EX?: number; NX?: boolean };
    if (NX && this.live(key)) {
      return null;
    }
    this.entries.set(key, {
      value: String(value),
      expiresAt: EX === undefined ? undefined : this.now() + Math.max(1, EX) * 1000,
    });
    return 'OK';
  }

  public async del(keys: string[]): Promise<number> {
    this.check();
    let deleted = 0;
    for (const key of keys) {
      if (this.live(key)) {
        deleted += 1;
      }
      this.entries.delete(key);
    }
    return deleted;
  }

  /** Keys that have not expired. */
  public keys(): string[] {
    return [...this.entries.keys()].filter((key) => this.live(key));
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private check(): void {
    this.commands += 1;
    if (this.outage) {
      throw new SimulatedOutageError();
    }
  }
}
