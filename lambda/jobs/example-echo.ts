import type { JobContext } from '../router';

/** Job type of {@link echoJob}. */
export const ECHO_JOB_TYPE = 'example.echo';

/**
 * Example job: logs its payload and does nothing else. Send
 * `{ "type": "example.echo", "payload": { "hello": "world" } }` to check that a queue and its
 * worker are wired up, and copy it as the starting point of a new job type.
 */
export function echoJob(payload: unknown, context: JobContext): unknown {
  context.logger.info('Echo job received its payload', { payload });
  return payload;
}
