/**
 * Splits one in-process synth of the default app into phases (module load, construct, synth), to
 * show where `cdk synth` spends its time. With --no-validation the built-in CloudFormation
 * validation is skipped (CDK_VALIDATION=false), so the difference between two runs is its cost.
 * Usage: node --import tsx bench/phases.ts [dev|prod] [--no-validation]
 */
const loadStart = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createDefaultStack } = require('../lib/default-app') as typeof import('../lib/default-app');
const loaded = performance.now();

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const profile = process.argv[2] ?? 'dev';
const validate = !process.argv.includes('--no-validation');
if (!validate) {
  // aws-cdk-lib runs its default validation unless this variable is "false"; the
  // validateAgainstDefaultRules flag only decides whether a finding fails synth.
  process.env.CDK_VALIDATION = 'false';
}
const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaleup-phases-'));
const app = new App({
  outdir,
  context: {
    ...context,
    profile,
    ...(profile === 'prod'
      ? {
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
        }
      : {}),
  },
});
const constructStart = performance.now();
createDefaultStack(app);
const constructed = performance.now();
app.synth();
const synthesized = performance.now();
fs.rmSync(outdir, { recursive: true, force: true });

const milliseconds = (value: number): string => `${value.toFixed(0)} ms`;
console.log(
  `profile ${profile}, validation ${validate ? 'on' : 'off'}: load ${milliseconds(loaded - loadStart)}, ` +
    `construct ${milliseconds(constructed - constructStart)}, synth ${milliseconds(synthesized - constructed)}`,
);
