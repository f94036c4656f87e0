import { Template } from 'aws-cdk-lib/assertions';
import { createDefaultStack } from '../lib/default-app';
import { templateSerializer } from '../lib/testing';
import { createTestApp, EXAMPLE_CERTIFICATE_ARN } from './helpers';

expect.addSnapshotSerializer(templateSerializer);

// Whole-template snapshots catch unintended drift; behaviour is asserted in the tier tests.
describe('default app snapshot', () => {
  test.each([
    ['dev', {}],
    ['prod', { certificateArn: EXAMPLE_CERTIFICATE_ARN }],
  ])('%s profile template', (profile, context) => {
    const stack = createDefaultStack(createTestApp({ profile, ...context }));
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
