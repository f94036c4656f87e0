import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as net from 'net';
import { createClient } from '@redis/client';

/** Where the shared Redis of the integration tests listens; .ci/run starts it and sets REDIS_URL. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  /** Whether REDIS_URL named it; then the tests must run and fail when Redis is down. */
  readonly fromEnvironment: boolean;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function redisTarget(): RedisTarget {
  const url = new URL(process.env.REDIS_URL || DEFAULT_REDIS_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    fromEnvironment: Boolean(process.env.REDIS_URL),
  };
}

/**
 * Checks whether something accepts TCP connections on host:port. The check is synchronous, so a
 * test file can decide at load time whether to skip its tests.
 */
export function isPortOpen(host: string, port: number): boolean {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s=require('net').connect(${port},${JSON.stringify(host)});` +
        `s.setTimeout(500);s.on('connect',()=>process.exit(0));` +
        `s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`,
    ],
    { timeout: 5000 },
  );
  return probe.status === 0;
}

/** Checks whether the redis-server binary is on the PATH. */
export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** Finds a TCP port on 127.0.0.1 that nothing listens on at the time of the call. */
export async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A redis-server process of one test, on 127.0.0.1, with an append-only file fsynced on every
 * write, so that a restart after `kill()` finds every acknowledged write.
 */
export class OwnRedisServer {
  private process?: ChildProcess;

  private constructor(
    public readonly port: number,
    private readonly directory: string,
  ) {}

  public static async start(directory: string): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await findClosedPort(), directory);
    await server.restart();
    return server;
  }

  /** PID of the running server; undefined after `kill()`. */
  public get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Starts the server again with the same port and data directory. */
  public async restart(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--dir',
        this.directory,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      { stdio: 'ignore' },
    );
    await waitForPing(this.port);
  }

  /** Ends the server at once (SIGKILL), like a node failure, and waits for the process to exit. */
  public async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

async function waitForPing(port: number, timeoutMillis = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.destroy();
      return;
    } catch (error) {
      if (client.isOpen) {
        client.destroy();
      }
      if (Date.now() > deadline) {
        throw new Error(
          `redis-server on 127.0.0.1:${port} did not answer PING within ${timeoutMillis} ms: ${String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
