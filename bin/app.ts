#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ScaleUpValidationError } from '../lib/core/errors';
import { createDefaultStack } from '../lib/default-app';

// The default app: `cdk synth` for the dev profile, `cdk synth -c profile=prod -c certificateArn=ARN` for prod.
// `-c layout=multi-stack` splits the tiers into a network, a data and an application stack.
const app = new App();
try {
  createDefaultStack(app);
  app.synth();
} catch (error) {
  // An invalid prop or context value is the user's to fix: show its message, not a stack trace.
  if (error instanceof ScaleUpValidationError) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
