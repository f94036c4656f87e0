export * from './worker-queue';
export * from './worker-queue-defaults';
export * from './worker-queue-props';
