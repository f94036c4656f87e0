/**
 * The message envelope every job on a worker queue is sent in:
 *
 * ```json
 * { "type": "ecs.run-task", "payload": { "command": ["npm", "run", "report"] }, "idempotencyKey": "report-2024-05-01" }
 * ```
 */
export interface JobEnvelope {
  /** Job type; selects the handler. Letters, digits and `.`, `_`, `:`, `-`, at most 128 characters. */
  readonly type: string;
  /** Job input passed to the handler unchanged; any JSON value, including `null`. */
  readonly payload: unknown;
  /**
   * Key under which the worker records that the job took effect. Jobs that share a key run once.
   * When absent, the worker uses the SQS message ID.
   */
  readonly idempotencyKey?: string;
}

/** Thrown by {@link parseEnvelope} when a message body is not a valid {@link JobEnvelope}. */
export class InvalidEnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

/** Maximum length of a job type. */
export const MAX_JOB_TYPE_LENGTH = 128;
/** Maximum length of an idempotency key. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 512;

const JOB_TYPE_PATTERN = /^[A-Za-z0-9._:-]+$/;
const ENVELOPE_KEYS = new Set(['type', 'payload', 'idempotencyKey']);

/**
 * Parses and validates an SQS message body as a {@link JobEnvelope}.
 *
 * @throws InvalidEnvelopeError naming the first rule the body breaks
 */
export function parseEnvelope(body: string): JobEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new InvalidEnvelopeError(`the body is not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidEnvelopeError(`the body must be a JSON object, got ${describeJsonType(parsed)}`);
  }

  const fields = parsed as Record<string, unknown>;
  const unknownKeys = Object.keys(fields).filter((key) => !ENVELOPE_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new InvalidEnvelopeError(
      `unknown field(s) ${unknownKeys.map((key) => JSON.stringify(key)).join(', ')}; ` +
        'an envelope has only type, payload and idempotencyKey',
    );
  }

  const type = fields.type;
  if (typeof type !== 'string' || type.length === 0) {
    throw new InvalidEnvelopeError(`type must be a non-empty string, got ${describeJsonType(type)}`);
  }
  if (type.length > MAX_JOB_TYPE_LENGTH || !JOB_TYPE_PATTERN.test(type)) {
    throw new InvalidEnvelopeError(
      `type ${JSON.stringify(type.slice(0, MAX_JOB_TYPE_LENGTH))} is invalid; it must be 1 to ` +
        `${MAX_JOB_TYPE_LENGTH} characters of letters, digits, ".", "_", ":" and "-"`,
    );
  }

  if (!('payload' in fields)) {
    throw new InvalidEnvelopeError('payload is missing; send "payload": null for a job without input');
  }

  const idempotencyKey = fields.idempotencyKey;
  if (idempotencyKey !== undefined) {
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0) {
      throw new InvalidEnvelopeError(
        `idempotencyKey must be a non-empty string when present, got ${describeJsonType(idempotencyKey)}`,
      );
    }
    if (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new InvalidEnvelopeError(
        `idempotencyKey is ${idempotencyKey.length} characters long; the maximum is ${MAX_IDEMPOTENCY_KEY_LENGTH}`,
      );
    }
  }

  return { type, payload: fields.payload, idempotencyKey };
}

function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (value === undefined) {
    return 'nothing';
  }
  return `a ${typeof value}`;
}
