export * from './aurora-database';
export * from './cache-engine';
export * from './redis-cache';
export * from './replica-scaling-metric';
