import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

/** Returns the context of cdk.json, so that a test template equals the `cdk synth` template. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8'));
  return cdkJson.context;
}

/**
 * Cloud assemblies of this test file's apps. Without an outdir each App writes to a new temporary
 * directory that nothing deletes; these are removed when the test process exits.
 */
let assemblyRoot: string | undefined;
let assemblyCount = 0;

function nextAssemblyDirectory(): string {
  if (assemblyRoot === undefined) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaleup-test-'));
    process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
    assemblyRoot = root;
  }
  assemblyCount += 1;
  return path.join(assemblyRoot, String(assemblyCount));
}

/** Creates an App with the cdk.json context, overridden by `context`. */
export function createTestApp(context: Record<string, unknown> = {}): App {
  return new App({ outdir: nextAssemblyDirectory(), context: { ...cdkJsonContext(), ...context } });
}

/** Creates a stack in us-east-1 of a new App with the cdk.json context, for tier tests. */
export function createTestStack(context: Record<string, unknown> = {}): Stack {
  const app = createTestApp(context);
  return new Stack(app, 'TestStack', { env: { region: 'us-east-1' } });
}

/** An example ACM certificate ARN; its value is never dereferenced at synth. */
export const EXAMPLE_CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
