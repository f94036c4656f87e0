// Baseline for the synth benchmark: the same runner, context and validation as the default app,
// with one empty stack in the same region.
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Empty', { env: { region: app.node.tryGetContext('region') } });
app.synth();
