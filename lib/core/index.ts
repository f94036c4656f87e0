export * from './errors';
export * from './profiles';
export * from './removal';
export * from './validation';
export * from './acknowledgements';
export * from './tier-metrics';
