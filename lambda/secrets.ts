/**
 * Reads secrets through the AWS Parameters and Secrets Lambda Extension, which the WorkerQueue
 * construct attaches as a layer when the worker needs a secret. The extension serves
 * `GET /secretsmanager/get?secretId=ID` on localhost and caches values, so the worker needs no
 * AWS SDK client for Secrets Manager.
 */

/** Port the extension listens on unless PARAMETERS_SECRETS_EXTENSION_HTTP_PORT sets another. */
export const DEFAULT_EXTENSION_PORT = 2773;

/** Thrown when a secret cannot be read or lacks the requested field. */
export class SecretReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretReadError';
  }
}

/**
 * Returns the string value of a Secrets Manager secret, or one field of a JSON secret.
 *
 * @param secretId ARN or name of the secret
 * @param field key of a JSON secret to return; the whole secret string when omitted
 * @param timeoutMillis time after which the request is abandoned
 */
export async function readSecret(
  secretId: string,
  field: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMillis = 5000,
): Promise<string> {
  const port = Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_EXTENSION_PORT);
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;

  let response: Response;
  try {
    response = await fetch(url, {
      // The extension accepts only requests that carry the function's session token.
      headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
      signal: AbortSignal.timeout(timeoutMillis),
    });
  } catch (error) {
    throw new SecretReadError(`failed to reach the secrets extension on port ${port}`, { cause: error });
  }
  if (!response.ok) {
    throw new SecretReadError(`the secrets extension returned HTTP ${response.status} for ${secretId}`);
  }

  const body = (await response.json()) as { SecretString?: unknown };
  if (typeof body.SecretString !== 'string') {
    throw new SecretReadError(`secret ${secretId} has no SecretString (binary secrets are not supported)`);
  }
  if (field === undefined) {
    return body.SecretString;
  }

  let fields: unknown;
  try {
    fields = JSON.parse(body.SecretString);
  } catch {
    throw new SecretReadError(`secret ${secretId} is not JSON, so it has no field ${JSON.stringify(field)}`);
  }
  const value = (fields as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'string') {
    throw new SecretReadError(`secret ${secretId} has no string field ${JSON.stringify(field)}`);
  }
  return value;
}
