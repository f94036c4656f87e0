import { Duration } from 'aws-cdk-lib';

/** Defaults of {@link WorkerQueue}, shared by the construct and its validation. */
export class WorkerQueueDefaults {
  /** Deliveries before a message moves to the dead-letter queue. */
  public static readonly MAX_RECEIVE_COUNT = 5;
  /** Message retention of the queue: the SQS default. */
  public static readonly RETENTION_PERIOD = Duration.days(4);
  /**
   * Message retention of the dead-letter queue: the SQS maximum. AWS recommends a dead-letter
   * retention longer than the source queue's, because SQS counts it from the original enqueue time.
   */
  public static readonly DEAD_LETTER_RETENTION_PERIOD = Duration.days(14);
  /** Function timeout. */
  public static readonly TIMEOUT = Duration.seconds(60);
  /** Function memory, in MB. */
  public static readonly MEMORY_SIZE = 512;
  /** Messages per invocation. */
  public static readonly BATCH_SIZE = 10;
  /** Concurrent invocations the event source starts at most. */
  public static readonly MAX_CONCURRENCY = 10;
  /** Share of the function timeout kept in reserve: no job starts with less time left. */
  public static readonly STOP_BEFORE_TIMEOUT_FRACTION = 0.2;
  /** Upper bound of the default reserve. */
  public static readonly MAX_STOP_BEFORE_TIMEOUT = Duration.seconds(30);
  /** Idempotency record lifetime: the dead-letter retention plus a day. */
  public static readonly IDEMPOTENCY_TTL = Duration.days(15);
  /** Redis port. */
  public static readonly REDIS_PORT = 6379;
}
