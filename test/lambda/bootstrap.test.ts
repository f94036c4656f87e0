import * as http from 'http';
import type { AddressInfo } from 'net';
import { handler } from '../../lambda';
import { createWorkerFromEnvironment, redisSettingsFromEnvironment } from '../../lambda/bootstrap';
import { JobRouter } from '../../lambda/router';
import { readSecret } from '../../lambda/secrets';
import { lambdaContext, sqsEvent, sqsRecord } from './support/sqs-events';

// Powertools reads its log level and metrics switch from process.env, not from the env argument.
const savedEnvironment = { ...process.env };
beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});
afterAll(() => {
  process.env = savedEnvironment;
});

/** Starts a stand-in for the Parameters and Secrets extension on 127.0.0.1. */
async function startSecretsExtension(
  secrets: Record<string, string>,
): Promise<{ port: number; requests: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.headers);
    const secretId = new URL(request.url ?? '/', 'http://localhost').searchParams.get('secretId') ?? '';
    if (request.headers['x-aws-parameters-secrets-token'] !== 'session-token' || !(secretId in secrets)) {
      response.writeHead(400).end('bad request');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ Name: secretId, SecretString: secrets[secretId] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('readSecret', () => {
  test('returns the secret string or one JSON field', async () => {
    const extension = await startSecretsExtension({ plain: 's3cret', json: '{"token":"from-json"}' });
    const env = {
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
      AWS_SESSION_TOKEN: 'session-token',
    };
    try {
      await expect(readSecret('plain', undefined, env)).resolves.toBe('s3cret');
      await expect(readSecret('json', 'token', env)).resolves.toBe('from-json');
      await expect(readSecret('json', 'password', env)).rejects.toThrow(
        'secret json has no string field "password"',
      );
      await expect(readSecret('plain', 'token', env)).rejects.toThrow('secret plain is not JSON');
      await expect(readSecret('missing', undefined, env)).rejects.toThrow(
        'the secrets extension returned HTTP 400 for missing',
      );
      expect(extension.requests[0]['x-aws-parameters-secrets-token']).toBe('session-token');
    } finally {
      await extension.close();
    }
  });

  test('unreachable extension names the port', async () => {
    const extension = await startSecretsExtension({});
    await extension.close();

    await expect(
      readSecret(
        'plain',
        undefined,
        { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port) },
        1000,
      ),
    ).rejects.toThrow(`failed to reach the secrets extension on port ${extension.port}`);
  });
});

describe('redisSettingsFromEnvironment', () => {
  test('no REDIS_HOST means no Redis', () => {
    expect(redisSettingsFromEnvironment({})).toBeUndefined();
  });

  test('defaults to port 6379 with TLS and a 2-second timeout', async () => {
    const settings = redisSettingsFromEnvironment({ REDIS_HOST: 'cache.example.com' });

    expect(settings).toMatchObject({ host: 'cache.example.com', port: 6379, tls: true, timeoutMillis: 2000 });
    await expect(settings!.authToken()).resolves.toBeUndefined();
  });

  test('plain token and explicit settings are used', async () => {
    const settings = redisSettingsFromEnvironment({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6380',
      REDIS_TLS: 'false',
      REDIS_TIMEOUT_MS: '250',
      REDIS_AUTH_TOKEN: 'token-1',
    });

    expect(settings).toMatchObject({ host: '127.0.0.1', port: 6380, tls: false, timeoutMillis: 250 });
    await expect(settings!.authToken()).resolves.toBe('token-1');
  });

  test('token secret is read once through the extension', async () => {
    const extension = await startSecretsExtension({ 'arn:token': '{"token":"t-1"}' });
    try {
      const settings = redisSettingsFromEnvironment({
        REDIS_HOST: 'cache.example.com',
        REDIS_AUTH_TOKEN_SECRET_ARN: 'arn:token',
        REDIS_AUTH_TOKEN_SECRET_FIELD: 'token',
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port),
        AWS_SESSION_TOKEN: 'session-token',
      });

      await expect(settings!.authToken()).resolves.toBe('t-1');
      await expect(settings!.authToken()).resolves.toBe('t-1');
      expect(extension.requests).toHaveLength(1);
    } finally {
      await extension.close();
    }
  });

  test.each([
    ['REDIS_TLS', 'yes', 'REDIS_TLS must be "true" or "false", got "yes"'],
    ['REDIS_PORT', '70000', 'REDIS_PORT must be an integer from 1 to 65535, got "70000"'],
    ['REDIS_TIMEOUT_MS', 'soon', 'REDIS_TIMEOUT_MS must be an integer from 1 to'],
  ])('invalid %s is named', (name, value, message) => {
    expect(() => redisSettingsFromEnvironment({ REDIS_HOST: 'cache.example.com', [name]: value })).toThrow(
      message,
    );
  });
});

describe('createWorkerFromEnvironment', () => {
  test('without Redis it warns and still runs jobs', async () => {
    const router = new JobRouter().register('test.job', jest.fn());
    const worker = createWorkerFromEnvironment(router, {});

    const response = await worker.handler(
      sqsEvent([sqsRecord('m-1', { type: 'test.job', payload: null })]),
      lambdaContext(() => 60_000),
    );

    expect(worker.redis).toBeUndefined();
    expect(response).toEqual({ batchItemFailures: [] });
  });

  test('invalid STOP_BEFORE_TIMEOUT_MS stops the cold start', () => {
    expect(() => createWorkerFromEnvironment(new JobRouter(), { STOP_BEFORE_TIMEOUT_MS: '-1' })).toThrow(
      'STOP_BEFORE_TIMEOUT_MS must be an integer from 0 to',
    );
  });
});

describe('handler', () => {
  test('runs the example.echo job', async () => {
    const response = await handler(
      sqsEvent([
        sqsRecord('m-1', { type: 'example.echo', payload: { hello: 'world' } }),
        sqsRecord('m-2', { type: 'example.missing', payload: null }),
      ]),
      lambdaContext(() => 60_000),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
  });
});
