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
  bundledDirectory ??= cachedBundleDirectory(path.join(os.tmpdir(), 'cdk-scaleup-worker'));
  return bundledDirectory;
}

/**
 * Returns the bundle directory recorded for the current inputs, bundling only when the inputs
 * changed. Bundling takes about a quarter of a second and runs on every synth and in every test
 * file otherwise, while hashing the inputs takes milliseconds.
 *
 * The inputs are the worker sources, the lock file of the checkout (which pins every dependency
 * the bundle inlines), the esbuild version and the bundle options.
 * NOTE: a dependency changed in node_modules without a change to package-lock.json is not seen.
 */
function cachedBundleDirectory(cacheRoot: string): string {
  const key = inputKey();
  const record = key === undefined ? undefined : path.join(cacheRoot, 'by-input', key);
  if (record !== undefined && fs.existsSync(record)) {
    const directory = fs.readFileSync(record, 'utf8');
    if (fs.existsSync(path.join(directory, WORKER_BUNDLE_FILE))) {
      return directory;
    }
  }
  const directory = bundleWorker(cacheRoot);
  if (record !== undefined) {
    fs.mkdirSync(path.dirname(record), { recursive: true });
    const temporaryRecord = `${record}.${process.pid}.${Date.now()}`;
    fs.writeFileSync(temporaryRecord, directory);
    fs.renameSync(temporaryRecord, record);
  }
  return directory;
}

/** SHA-256 over the bundle's inputs; undefined when the lock file or esbuild is missing. */
function inputKey(): string | undefined {
  const lockFile = path.join(WORKER_SOURCE_DIRECTORY, '..', 'package-lock.json');
  let esbuildVersion: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuildVersion = (require('esbuild') as typeof import('esbuild')).version;
  } catch {
    return undefined;
  }
  if (!fs.existsSync(lockFile)) {
    return undefined;
  }
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ esbuildVersion, target: BUNDLE_TARGET, node: 'cjs-minified' }));
  hash.update(fs.readFileSync(lockFile));
  for (const file of sourceFiles(WORKER_SOURCE_DIRECTORY)) {
    hash.update(path.relative(WORKER_SOURCE_DIRECTORY, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of fs
    .readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'bundle') {
      files.push(...sourceFiles(full));
    } else if (entry.isFile() && /\.(ts|js|json)$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
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
