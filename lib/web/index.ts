export * from './fargate-sizes';
export * from './web-service';
export * from './web-service-props';
export * from './authentication';
