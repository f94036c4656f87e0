import type { CacheClient } from '@aws-lambda-powertools/idempotency/cache/types';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createClient } from '@redis/client';

/** Connection settings of the worker's Redis (ElastiCache). */
export interface RedisSettings {
  readonly host: string;
  readonly port: number;
  /** Whether to connect with TLS; ElastiCache with in-transit encryption requires it. */
  readonly tls: boolean;
  /** Returns the AUTH token, or undefined when the server has none. Called on every new connection. */
  readonly authToken: () => Promise<string | undefined>;
  /** Time after which a connection attempt or a command is abandoned and reported as failed. */
  readonly timeoutMillis: number;
}

/** Thrown when a Redis command or connection attempt does not finish in time. */
export class RedisTimeoutError extends Error {
  constructor(operation: string, timeoutMillis: number) {
    super(`${operation} timed out after ${timeoutMillis} ms`);
    this.name = 'RedisTimeoutError';
  }
}

type RedisClient = ReturnType<typeof createClient>;

/** Options of SET as Powertools' cache persistence layer passes them. */
interface PowertoolsSetOptions {
  readonly EX?: number;
  readonly NX?: boolean;
}

/**
 * A Redis connection for the Powertools cache persistence layer (`CacheClient`).
 *
 * Every command fails within `timeoutMillis` when Redis is unreachable or slow, instead of
 * waiting for a reconnect: the offline queue is off, and each command races a timer. A failed
 * command makes Powertools raise, so the message is reported as failed and retried rather than
 * marked as done.
 */
export class RedisConnection implements CacheClient {
  private client?: RedisClient;
  private connecting?: Promise<RedisClient>;
  /** Last failed connection attempt; commands fail fast with its error for `timeoutMillis`. */
  private lastConnectFailure?: { error: unknown; at: number };

  constructor(
    private readonly settings: RedisSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * Connects when there is no open connection.
   *
   * @throws the connection error, or RedisTimeoutError; the next call tries again from scratch
   */
  public async connect(): Promise<void> {
    await this.openClient();
  }

  public async get(name: string): Promise<string | null> {
    const client = await this.openClient();
    const value = await this.withTimeout(`GET ${name}`, client.get(name));
    return value === null ? null : String(value);
  }

  public async set(name: string | Uint8Array, value: unknown, options?: unknown): Promise<string | null> {
    const client = await this.openClient();
    const { EX, NX } = (options ?? {}) as PowertoolsSetOptions;
    const reply = await this.withTimeout(
      'SET',
      client.set(typeof name === 'string' ? name : Buffer.from(name), String(value), {
        // Redis rejects an expiry of 0 or less; Powertools can compute one for a record that
        // expired while it was being written.
        ...(EX !== undefined
          ? { expiration: { type: 'EX' as const, value: Math.max(1, Math.ceil(EX)) } }
          : {}),
        ...(NX ? { condition: 'NX' as const } : {}),
      }),
    );
    return reply === null ? null : String(reply);
  }

  public async del(keys: string[]): Promise<number> {
    const client = await this.openClient();
    return Number(await this.withTimeout('DEL', client.del(keys)));
  }

  /** Closes the connection; later commands open a new one. */
  public async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.connecting = undefined;
    if (client?.isOpen) {
      client.destroy();
    }
  }

  private async openClient(): Promise<RedisClient> {
    if (this.client?.isOpen) {
      return this.client;
    }
    // Without this, every record of a batch would wait out its own connection timeout while
    // Redis is down.
    const failure = this.lastConnectFailure;
    if (failure && Date.now() - failure.at < this.settings.timeoutMillis) {
      throw failure.error;
    }
    this.connecting ??= this.createAndConnect()
      .then((client) => {
        this.lastConnectFailure = undefined;
        return client;
      })
      .catch((error: unknown) => {
        this.lastConnectFailure = { error, at: Date.now() };
        throw error;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    this.client = await this.connecting;
    return this.client;
  }

  private async createAndConnect(): Promise<RedisClient> {
    const { host, port, tls, timeoutMillis } = this.settings;
    const password = await this.settings.authToken();
    const client = createClient({
      socket: tls
        ? { host, port, tls: true, servername: host, connectTimeout: timeoutMillis, reconnectStrategy }
        : { host, port, connectTimeout: timeoutMillis, reconnectStrategy },
      password,
      // RESP2 authenticates with a plain `AUTH <token>`, the form ElastiCache AUTH tokens use;
      // @redis/client 6 would otherwise send `HELLO 3`, which needs Redis 6 or later.
      RESP: 2,
      // Reject commands while reconnecting, so a Redis outage fails messages at once.
      disableOfflineQueue: true,
    });
    // Without a listener, an 'error' event would end the process.
    client.on('error', (error: Error) => {
      this.logger.warn('Redis connection error', { error: error.message, host, port });
    });

    try {
      await this.withTimeout(`connecting to ${host}:${port}`, client.connect());
    } catch (error) {
      if (client.isOpen) {
        client.destroy();
      }
      throw error;
    }
    return client as RedisClient;
  }

  private async withTimeout<T>(operationName: string, operation: Promise<T>): Promise<T> {
    const timeoutMillis = this.settings.timeoutMillis;
    // The losing operation may still reject later; without a handler that rejection would be
    // unhandled and end the process.
    operation.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisTimeoutError(operationName, timeoutMillis)), timeoutMillis);
    });
    try {
      return await Promise.race([operation, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reconnects after 50 ms, doubling up to 2 s between attempts. */
function reconnectStrategy(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000);
}
