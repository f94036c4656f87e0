#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { createDefaultStack } from '../lib/default-app';

// The default app: `cdk synth` for the dev profile, `cdk synth -c profile=prod -c certificateArn=ARN` for prod.
// `-c layout=multi-stack` splits the tiers into a network, a data and an application stack.
const app = new App();
createDefaultStack(app);
app.synth();
