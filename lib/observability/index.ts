export * from './alarm-options';
export * from './alarm-topic';
export * from './burn-rate-alarms';
export * from './dashboard-colors';
export * from './observability';
export * from './service-alarms';
export * from './service-dashboard';
export * from '../core/tier-metrics';
