import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { createDefaultStack } from '../lib/default-app';
import { createTestApp, EXAMPLE_CERTIFICATE_ARN } from './helpers';

// cdk-nag 3 runs as a validation plugin: app.synth() throws when any finding is not acknowledged.
// Every acknowledgement sits beside the resource it concerns, with its reason.
describe('cdk-nag packs', () => {
  test.each([
    ['dev', {}],
    ['prod', { certificateArn: EXAMPLE_CERTIFICATE_ARN }],
  ])('%s profile has no unacknowledged AwsSolutions finding', (profile, context) => {
    const app = createTestApp({ profile, ...context });
    createDefaultStack(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test.each([
    ['dev', {}],
    ['prod', { certificateArn: EXAMPLE_CERTIFICATE_ARN }],
  ])('%s profile has no unacknowledged NIST 800-53 rev 5 finding', (profile, context) => {
    const app = createTestApp({ profile, ...context });
    createDefaultStack(app);
    Validations.of(app).addPlugins(new NIST80053R5Checks(app));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('cdk-nag harness', () => {
  test('an unacknowledged finding fails synth', () => {
    const app = createTestApp();
    const stack = new Stack(app, 'Bad', { env: { region: 'us-east-1' } });
    new s3.Bucket(stack, 'Unlogged');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
