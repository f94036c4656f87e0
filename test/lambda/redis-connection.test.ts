import * as net from 'net';
import { RedisConnection, RedisTimeoutError } from '../../lambda/redis';
import { silentLogger } from './support/sqs-events';

/** Starts a TCP server on 127.0.0.1 that accepts connections and never replies, like a hung Redis. */
async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('RedisConnection', () => {
  test('unresponsive server times out, then fails fast', async () => {
    const server = await startSilentServer();
    const connection = new RedisConnection(
      {
        host: '127.0.0.1',
        port: server.port,
        tls: false,
        authToken: async () => undefined,
        timeoutMillis: 200,
      },
      silentLogger(),
    );
    try {
      const firstStarted = Date.now();
      await expect(connection.get('key')).rejects.toThrow(RedisTimeoutError);
      const firstElapsed = Date.now() - firstStarted;
      const secondStarted = Date.now();
      await expect(connection.get('key')).rejects.toThrow(
        `connecting to 127.0.0.1:${server.port} timed out after 200 ms`,
      );
      const secondElapsed = Date.now() - secondStarted;

      expect(firstElapsed).toBeGreaterThanOrEqual(190);
      expect(secondElapsed).toBeLessThan(100);
    } finally {
      await connection.close();
      await server.close();
    }
  });

  test('token provider failure fails the connection', async () => {
    const connection = new RedisConnection(
      {
        host: '127.0.0.1',
        port: 1,
        tls: false,
        authToken: async () => {
          throw new Error('secrets extension unreachable');
        },
        timeoutMillis: 200,
      },
      silentLogger(),
    );

    await expect(connection.connect()).rejects.toThrow('secrets extension unreachable');
  });
});
