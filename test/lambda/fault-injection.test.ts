import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import type { SQSBatchResponse } from 'aws-lambda';
import { JobRouter, type JobContext } from '../../lambda/router';
import { createWorker, type WorkerHandler } from '../../lambda/worker';
import { MemoryCacheClient } from './support/memory-cache-client';
import { lambdaContext, recordingMetrics, silentLogger, sqsEvent, sqsRecord } from './support/sqs-events';

/*
 * Fault injection: the worker handles more than 1,000 messages delivered by an in-memory model of
 * an SQS standard queue and Lambda's event source, while jobs fail, run past the function timeout
 * and crash mid-batch.
 *
 * The model keeps the SQS rules the worker relies on. A received message is hidden for the
 * visibility timeout and counts one more receive. A message received maxReceiveCount times moves
 * to the dead-letter queue at its next receive. Only the records missing from
 * batchItemFailures are deleted, and nothing is deleted when the invocation errors, times out or
 * crashes. SQS standard queues may deliver a message twice, so some messages get a second copy.
 * A crashed or timed-out invocation never returns: its container is discarded, and whatever it
 * wrote to the store (in-progress records) stays there, like Redis after a real crash.
 *
 * The crash points are before a job's side effect and between records. A crash after the side
 * effect but before the store records completion would run the job again. No store can close
 * that gap, so jobs get `idempotencyKey` to pass to the services they call.
 */

const MESSAGE_COUNT = 1000;
const PRODUCER_DUPLICATES = 50;
const POISON_JOBS = 20;
const INVALID_MESSAGES = 20;
const BATCH_SIZE = 10;
const MAX_RECEIVE_COUNT = 5;
const TIMEOUT_MILLIS = 60_000;
const STOP_BEFORE_TIMEOUT_MILLIS = 12_000;
const VISIBILITY_TIMEOUT_MILLIS = 6 * TIMEOUT_MILLIS;
const TRANSIENT_ERROR_RATE = 0.15;
const SLOW_JOB_RATE = 0.08;
const SLOW_JOB_MIN_MILLIS = 15_000;
const SLOW_JOB_MAX_MILLIS = 45_000;
const CRASH_RATE = 0.05;
const SQS_DUPLICATE_RATE = 0.02;

/** Deterministic pseudo-random numbers (mulberry32), so every run injects the same faults. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class VirtualClock {
  public now = Date.UTC(2024, 4, 1);

  public advance(millis: number): void {
    this.now += millis;
  }
}

/** One copy of a message in the queue; an SQS duplicate delivery is a second copy. */
interface QueueEntry {
  readonly messageId: string;
  readonly body: string;
  readonly key?: string;
  receiveCount: number;
  visibleAt: number;
  duplicated: boolean;
}

class SqsQueueModel {
  public readonly deadLetters: QueueEntry[] = [];
  public readonly deleted: QueueEntry[] = [];
  public duplicateDeliveries = 0;
  private entries: QueueEntry[] = [];

  constructor(
    private readonly clock: VirtualClock,
    private readonly random: () => number,
  ) {}

  public send(messageId: string, body: string, key?: string): void {
    this.entries.push({
      messageId,
      body,
      key,
      receiveCount: 0,
      visibleAt: this.clock.now,
      duplicated: false,
    });
  }

  /** Receives up to `max` visible entries, first moving exhausted ones to the dead-letter queue. */
  public receive(max: number): QueueEntry[] {
    const received: QueueEntry[] = [];
    for (const entry of [...this.entries]) {
      if (received.length === max) {
        break;
      }
      if (entry.visibleAt > this.clock.now) {
        continue;
      }
      if (entry.receiveCount >= MAX_RECEIVE_COUNT) {
        this.remove(entry);
        this.deadLetters.push(entry);
        continue;
      }
      entry.receiveCount += 1;
      entry.visibleAt = this.clock.now + VISIBILITY_TIMEOUT_MILLIS;
      received.push(entry);
      if (!entry.duplicated && this.random() < SQS_DUPLICATE_RATE) {
        entry.duplicated = true;
        this.duplicateDeliveries += 1;
        this.send(entry.messageId, entry.body, entry.key);
      }
    }
    return received;
  }

  public delete(entry: QueueEntry): void {
    this.remove(entry);
    this.deleted.push(entry);
  }

  public isEmpty(): boolean {
    return this.entries.length === 0;
  }

  public nextVisibleAt(): number {
    return Math.min(...this.entries.map((entry) => entry.visibleAt));
  }

  private remove(entry: QueueEntry): void {
    this.entries = this.entries.filter((candidate) => candidate !== entry);
  }
}

/** The invocation currently running, as seen by the jobs. */
interface Invocation {
  readonly deadline: number;
  /** Index of the job at which this invocation crashes; -1 for none. */
  readonly crashAtJob: number;
  jobsStarted: number;
  /** Ends the invocation without a response, like a crash or a timeout. */
  abandon(reason: 'crash' | 'timeout'): void;
}

interface FaultFigures {
  messagesSent: number;
  invocations: number;
  crashes: number;
  timeouts: number;
  transientErrors: number;
  processed: number;
  duplicatesSuppressed: number;
  deferred: number;
  inDeadLetterQueue: number;
  inDeadLetterQueueByCause: { invalidEnvelope: number; poisonJob: number; retriesExhausted: number };
  sqsDuplicateDeliveries: number;
}

const NEVER = new Promise<never>(() => undefined);

describe('worker under injected faults', () => {
  let dateNow: jest.SpyInstance<number, []>;
  const clock = new VirtualClock();

  beforeAll(() => {
    // Powertools idempotency reads Date.now() for record expiry and in-progress expiry.
    dateNow = jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
  });

  afterAll(() => {
    dateNow.mockRestore();
  });

  test('every message takes effect once or reaches the dead-letter queue', async () => {
    const random = createRandom(Number(process.env.FAULT_INJECTION_SEED ?? 20240501));
    const queue = new SqsQueueModel(clock, random);
    const store = new MemoryCacheClient(() => clock.now);
    const { metrics, counts } = recordingMetrics();
    const effects = new Map<string, number>();
    const figures: FaultFigures = {
      messagesSent: 0,
      invocations: 0,
      crashes: 0,
      timeouts: 0,
      transientErrors: 0,
      processed: 0,
      duplicatesSuppressed: 0,
      deferred: 0,
      inDeadLetterQueue: 0,
      inDeadLetterQueueByCause: { invalidEnvelope: 0, poisonJob: 0, retriesExhausted: 0 },
      sqsDuplicateDeliveries: 0,
    };
    let current: Invocation | undefined;

    // GIVEN a job whose side effect is counting its key, with injected faults
    const faultJob = async (payload: unknown, context: JobContext): Promise<void> => {
      const invocation = current!;
      const { poison } = payload as { poison: boolean };
      if (invocation.jobsStarted++ === invocation.crashAtJob) {
        invocation.abandon('crash');
        return NEVER;
      }
      const workMillis =
        random() < SLOW_JOB_RATE
          ? SLOW_JOB_MIN_MILLIS + Math.floor(random() * (SLOW_JOB_MAX_MILLIS - SLOW_JOB_MIN_MILLIS))
          : 20 + Math.floor(random() * 180);
      if (clock.now + workMillis > invocation.deadline) {
        clock.now = invocation.deadline;
        invocation.abandon('timeout');
        return NEVER;
      }
      clock.advance(workMillis);
      if (poison) {
        throw new Error('poison job always fails');
      }
      if (random() < TRANSIENT_ERROR_RATE) {
        figures.transientErrors += 1;
        throw new Error('transient downstream error');
      }
      effects.set(context.idempotencyKey, (effects.get(context.idempotencyKey) ?? 0) + 1);
    };

    // A new container after each crash or timeout: new worker, same store.
    const createContainer = (): WorkerHandler =>
      createWorker({
        router: new JobRouter().register('fault.job', faultJob),
        logger: silentLogger(),
        metrics,
        stopBeforeTimeoutMillis: STOP_BEFORE_TIMEOUT_MILLIS,
        idempotency: {
          persistenceStore: new CachePersistenceLayer({ client: store }),
          expiresAfterSeconds: 15 * 24 * 3600,
          keyPrefix: 'fault',
        },
      });

    const poisonKeys = new Set<string>();
    for (let index = 0; index < MESSAGE_COUNT; index++) {
      const key = `job-${index}`;
      const poison = index % Math.floor(MESSAGE_COUNT / POISON_JOBS) === 7;
      if (poison) {
        poisonKeys.add(key);
      }
      queue.send(
        `message-${index}`,
        JSON.stringify({ type: 'fault.job', payload: { poison }, idempotencyKey: key }),
        key,
      );
    }
    for (let index = 0; index < PRODUCER_DUPLICATES; index++) {
      const key = `job-${index * 13}`;
      const body = JSON.stringify({
        type: 'fault.job',
        payload: { poison: poisonKeys.has(key) },
        idempotencyKey: key,
      });
      queue.send(`resent-${index}`, body, key);
    }
    for (let index = 0; index < INVALID_MESSAGES; index++) {
      queue.send(`invalid-${index}`, JSON.stringify({ kind: 'not an envelope', index }));
    }
    figures.messagesSent = MESSAGE_COUNT + PRODUCER_DUPLICATES + INVALID_MESSAGES;

    // WHEN Lambda's event source drains the queue
    let container: WorkerHandler | undefined;
    while (!queue.isEmpty()) {
      const batch = queue.receive(BATCH_SIZE);
      if (batch.length === 0) {
        clock.now = Math.max(clock.now, queue.nextVisibleAt());
        continue;
      }
      figures.invocations += 1;
      container ??= createContainer();

      let abandon!: (reason: 'crash' | 'timeout') => void;
      const abandoned = new Promise<'crash' | 'timeout'>((resolve) => {
        abandon = resolve;
      });
      const deadline = clock.now + TIMEOUT_MILLIS;
      current = {
        deadline,
        crashAtJob: random() < CRASH_RATE ? Math.floor(random() * batch.length) : -1,
        jobsStarted: 0,
        abandon,
      };
      const event = sqsEvent(
        batch.map((entry) => sqsRecord(entry.messageId, entry.body, { receiveCount: entry.receiveCount })),
      );
      const response = container(
        event,
        lambdaContext(() => Math.max(0, deadline - clock.now)),
      ).then(
        (result): SQSBatchResponse | 'error' => result,
        (): 'error' => 'error',
      );
      const outcome = await Promise.race([response, abandoned]);

      if (outcome === 'crash' || outcome === 'timeout') {
        figures[outcome === 'crash' ? 'crashes' : 'timeouts'] += 1;
        container = undefined;
      } else if (outcome !== 'error') {
        const failed = new Set(outcome.batchItemFailures.map((failure) => failure.itemIdentifier));
        for (const entry of batch.filter((candidate) => !failed.has(candidate.messageId))) {
          queue.delete(entry);
        }
      }
      clock.advance(Math.floor(random() * 1000));
    }

    // THEN no message is lost and no job took effect twice
    figures.processed = [...effects.values()].filter((count) => count > 0).length;
    figures.duplicatesSuppressed = counts.JobsDuplicate ?? 0;
    figures.deferred = counts.JobsDeferred ?? 0;
    figures.inDeadLetterQueue = queue.deadLetters.length;
    for (const entry of queue.deadLetters) {
      const cause = !entry.key
        ? 'invalidEnvelope'
        : poisonKeys.has(entry.key)
          ? 'poisonJob'
          : 'retriesExhausted';
      figures.inDeadLetterQueueByCause[cause] += 1;
    }
    figures.sqsDuplicateDeliveries = queue.duplicateDeliveries;
    console.log(`Fault injection figures:\n${JSON.stringify(figures, null, 2)}`);

    const repeated = [...effects.entries()].filter(([, count]) => count > 1);
    expect(repeated).toEqual([]);

    const entriesByKey = new Map<string, QueueEntry[]>();
    for (const entry of [...queue.deleted, ...queue.deadLetters]) {
      if (entry.key) {
        entriesByKey.set(entry.key, [...(entriesByKey.get(entry.key) ?? []), entry]);
      }
    }
    const lost: string[] = [];
    for (let index = 0; index < MESSAGE_COUNT; index++) {
      const key = `job-${index}`;
      const allInDeadLetterQueue = (entriesByKey.get(key) ?? []).every((entry) =>
        queue.deadLetters.includes(entry),
      );
      if (effects.get(key) !== 1 && !allInDeadLetterQueue) {
        lost.push(key);
      }
      if (poisonKeys.has(key)) {
        expect({ key, effects: effects.get(key) ?? 0, allInDeadLetterQueue }).toEqual({
          key,
          effects: 0,
          allInDeadLetterQueue: true,
        });
      }
    }
    expect(lost).toEqual([]);

    const invalidInDeadLetterQueue = queue.deadLetters.filter((entry) =>
      entry.messageId.startsWith('invalid-'),
    );
    expect(new Set(invalidInDeadLetterQueue.map((entry) => entry.messageId)).size).toBe(INVALID_MESSAGES);
    expect(queue.deleted.length + queue.deadLetters.length).toBe(
      figures.messagesSent + queue.duplicateDeliveries,
    );

    // The faults did happen, so the run tested something.
    expect(figures.crashes).toBeGreaterThan(0);
    expect(figures.timeouts).toBeGreaterThan(0);
    expect(figures.transientErrors).toBeGreaterThan(0);
    expect(figures.deferred).toBeGreaterThan(0);
    expect(figures.duplicatesSuppressed).toBeGreaterThan(0);
    expect(figures.processed).toBeGreaterThanOrEqual(MESSAGE_COUNT - POISON_JOBS - 10);
  });
});
