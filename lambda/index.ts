/**
 * Worker function of cdk-scaleup's WorkerQueue.
 *
 * Every SQS message carries a job envelope:
 *
 *     { "type": "example.echo", "payload": { "hello": "world" }, "idempotencyKey": "optional-key" }
 *
 * The worker validates the envelope, looks up the handler of `type`, and runs it once per
 * idempotency key (the message ID when `idempotencyKey` is absent), recording completed keys in
 * Redis. A job that throws, an invalid envelope and an unknown type are reported as failed: SQS
 * delivers the message again and, after maxReceiveCount deliveries, moves it to the dead-letter
 * queue.
 *
 * Built-in job types:
 * - `ecs.run-task`: starts a Fargate task for work longer than Lambda's 15 minutes. Payload
 *   `{ "command": ["node", "report.js"], "environment": { "MONTH": "2024-05" } }`; the target
 *   is the WorkerQueue's `runTask` prop.
 * - `example.echo`: logs its payload; use it to test the wiring.
 *
 * Adding your own job types:
 *
 * 1. Write an entry file that registers handlers and re-exports `handler`:
 *
 *        // src/worker.ts
 *        import { handler, registerJobHandler } from 'cdk-scaleup/dist/lambda';
 *
 *        registerJobHandler('email.send', async (payload, context) => {
 *          const { to, subject } = payload as { to: string; subject: string };
 *          context.logger.info('Sending e-mail', { to });
 *          await sendEmail(to, subject, { deduplicationId: context.idempotencyKey });
 *        });
 *
 *        export { handler };
 *
 * 2. Point the construct at it: `new WorkerQueue(this, 'Jobs', { entry: 'src/worker.ts', ... })`.
 *    The construct bundles it with esbuild (`NodejsFunction`, local esbuild, no Docker).
 *
 * A handler receives the payload unvalidated and must check it. It may throw to have the job
 * retried. Each job type has one handler, and registering a type twice throws. Make side effects
 * idempotent where you can, for example with `context.idempotencyKey` as a request token. A
 * run that crashes after its side effect but before Redis records completion runs again on the
 * next delivery.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createWorkerFromEnvironment, type EnvironmentWorker } from './bootstrap';
import { createRunTaskJob, RUN_TASK_JOB_TYPE, runTaskTargetFromEnvironment } from './jobs/ecs-run-task';
import { ECHO_JOB_TYPE, echoJob } from './jobs/example-echo';
import { JobRouter, type JobHandler } from './router';

export type { JobEnvelope } from './envelope';
export type { JobContext, JobHandler } from './router';
export { JobRouter } from './router';

/** Router of this function: the built-in job types plus those added with {@link registerJobHandler}. */
export const router = new JobRouter().register(ECHO_JOB_TYPE, echoJob).register(
  RUN_TASK_JOB_TYPE,
  createRunTaskJob(() => runTaskTargetFromEnvironment(process.env)),
);

/**
 * Registers the handler of a job type.
 *
 * @throws Error when the type already has a handler
 */
export function registerJobHandler(type: string, jobHandler: JobHandler): void {
  router.register(type, jobHandler);
}

let worker: EnvironmentWorker | undefined;

/** Lambda entry point, triggered by the SQS event source with partial batch responses. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  worker ??= createWorkerFromEnvironment(router, process.env);
  return worker.handler(event, context);
}
