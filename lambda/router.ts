import type { Logger } from '@aws-lambda-powertools/logger';

/** Context a job handler receives besides the payload. */
export interface JobContext {
  /** SQS message ID of the message that carried the job. */
  readonly messageId: string;
  /** Key under which the job's effect is recorded: the envelope's idempotencyKey, or the message ID. */
  readonly idempotencyKey: string;
  /** How many times SQS has delivered this message, this delivery included. */
  readonly receiveCount: number;
  /** Logger with the message ID and job type already appended to every entry. */
  readonly logger: Logger;
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis(): number;
}

/**
 * Runs one job. Throw to report the message as failed: SQS delivers it again after the
 * visibility timeout, and moves it to the dead-letter queue after maxReceiveCount deliveries.
 * The return value is ignored.
 */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown> | unknown;

/** Thrown when no handler is registered for a job type. */
export class UnknownJobTypeError extends Error {
  constructor(type: string, known: readonly string[]) {
    super(
      `no handler is registered for job type ${JSON.stringify(type)}; registered types are ${
        known.length > 0 ? known.join(', ') : 'none'
      }`,
    );
    this.name = 'UnknownJobTypeError';
  }
}

/** Maps job types to their handlers. */
export class JobRouter {
  private readonly handlers = new Map<string, JobHandler>();

  /**
   * Registers `handler` for `type`.
   *
   * @throws Error when `type` already has a handler, so that two modules cannot silently
   *   replace each other's handler
   */
  public register(type: string, handler: JobHandler): this {
    if (this.handlers.has(type)) {
      throw new Error(`job type ${JSON.stringify(type)} already has a handler; register each type once`);
    }
    this.handlers.set(type, handler);
    return this;
  }

  /** Whether `type` has a handler. */
  public has(type: string): boolean {
    return this.handlers.has(type);
  }

  /**
   * Returns the handler of `type`.
   *
   * @throws UnknownJobTypeError when `type` has none
   */
  public resolve(type: string): JobHandler {
    const handler = this.handlers.get(type);
    if (!handler) {
      throw new UnknownJobTypeError(type, this.types());
    }
    return handler;
  }

  /** Registered job types, sorted. */
  public types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
