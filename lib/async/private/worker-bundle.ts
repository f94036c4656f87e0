import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The built-in worker's code as one bundled file, so that consumers of the package need neither
 * esbuild nor Docker at synth.
 *
 * The published package carries a prebuilt bundle in `dist/lambda/bundle` (written by
 * `npm run build:worker`). Without it, for example when running from a source checkout, the
 * worker is bundled in-process with the esbuild JS API into a content-addressed directory under
 * the OS temp directory. The bundle has no source map and no path comments, so the same sources
 * and dependency versions give the same bytes, and the asset hash is stable across machines.
 */

/** Directory of the prebuilt bundle, relative to this file once compiled into dist/lib/async/private. */
const PREBUILT_BUNDLE_DIRECTORY = path.join(__dirname, '..', '..', '..', 'lambda', 'bundle');
/** The worker's source directory: `lambda/` of a checkout, or `dist/lambda/` of the package. */
const WORKER_SOURCE_DIRECTORY = path.join(__dirname, '..', '..', '..', 'lambda');
/** File name of the bundle; the function handler is `index.handler`. */
export const WORKER_BUNDLE_FILE = 'index.js';
/** esbuild target: the oldest Node.js version the worker supports. */
const BUNDLE_TARGET = 'node22';

let bundledDirectory: string | undefined;

/** Thrown when there is no prebuilt bundle and esbuild is not installed. */
export class WorkerBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerBundleError';
  }
}

/**
 * Returns a directory that contains the worker bundle as `index.js`: the prebuilt one when present,
 * otherwise one bundled now (once per process).
 *
 * @throws WorkerBundleError when neither a prebuilt bundle nor esbuild is available
 */
export function workerBundleDirectory(): string {
  if (fs.existsSync(path.join(PREBUILT_BUNDLE_DIRECTORY, WORKER_BUNDLE_FILE))) {
    return PREBUILT_BUNDLE_DIRECTORY;
  }
  bundledDirectory ??= bundleWorker(path.join(os.tmpdir(), 'cdk-scaleup-worker'));
  return bundledDirectory;
}

/**
 * Bundles the worker and writes it to `<cacheRoot>/<SHA-256 of the bundle>/index.js`, unless that
 * file already exists.
 *
 * @returns the directory holding the bundle
 */
export function bundleWorker(cacheRoot: string): string {
  const code = buildBundle();
  const hash = createHash('sha256').update(code).digest('hex');
  const directory = path.join(cacheRoot, hash);
  const file = path.join(directory, WORKER_BUNDLE_FILE);
  if (fs.existsSync(file)) {
    return directory;
  }

  // Write to a temporary file and rename it, so that a concurrent synth never reads half a file.
  fs.mkdirSync(directory, { recursive: true });
  const temporaryFile = path.join(directory, `.${WORKER_BUNDLE_FILE}.${process.pid}.${Date.now()}`);
  fs.writeFileSync(temporaryFile, code);
  fs.renameSync(temporaryFile, file);
  return directory;
}

/**
 * Writes the bundle into `directory`, which is created if missing. `npm run build:worker` calls
 * it to build the prebuilt bundle from the TypeScript sources in `lambda/`. That gives the same
 * bytes as bundling in a source checkout.
 *
 * @param sourceDirectory directory of the worker's `index.ts` or `index.js`
 */
export function writeWorkerBundle(directory: string, sourceDirectory = WORKER_SOURCE_DIRECTORY): string {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, WORKER_BUNDLE_FILE);
  fs.writeFileSync(file, buildBundle(path.resolve(sourceDirectory)));
  return file;
}

function buildBundle(sourceDirectory = WORKER_SOURCE_DIRECTORY): Uint8Array {
  let esbuild: typeof import('esbuild');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require('esbuild');
  } catch {
    throw new WorkerBundleError(
      `no prebuilt worker bundle in ${PREBUILT_BUNDLE_DIRECTORY} and esbuild is not installed; ` +
        'install esbuild, or give WorkerQueue an entry of your own',
    );
  }

  const entry = ['index.ts', 'index.js']
    .map((name) => path.join(sourceDirectory, name))
    .find((candidate) => fs.existsSync(candidate));
  if (!entry) {
    throw new WorkerBundleError(
      `the worker sources are missing: no index.ts or index.js in ${sourceDirectory}`,
    );
  }

  const result = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: sourceDirectory,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'cjs',
    // Minifying also drops the `// path/to/module.js` comments, which would embed checkout paths.
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}
