export * from './core';
export * from './data';
export * from './network';
export * from './web';
export * from './scalable-web-app';
export * from './stack';
export * from './default-app';
export * from './testing';
