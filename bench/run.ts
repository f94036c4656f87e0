/**
 * Benchmarks of cdk-scaleup (`npm run bench`): synth wall time of the default app per profile and
 * of an empty app, `npm test` wall time, and the worker figures from bench/worker.ts when present.
 * Every figure is the median of RUNS runs; results are written to docs/benchmarks.md.
 *
 * Usage: npm run bench [-- --runs N] [-- --skip-tests]
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const EXAMPLE_CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

interface Options {
  readonly runs: number;
  readonly skipTests: boolean;
}

function parseOptions(argv: string[]): Options {
  const runsIndex = argv.indexOf('--runs');
  const runs = runsIndex >= 0 ? Number(argv[runsIndex + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`invalid --runs: got ${argv[runsIndex + 1]}; expected a positive integer`);
  }
  return { runs, skipTests: argv.includes('--skip-tests') };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs a command `runs` times and returns the wall times in seconds; a failed run aborts the benchmark. */
function timeCommand(command: string, args: string[], runs: number, env: NodeJS.ProcessEnv = {}): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} failed with exit code ${result.status}:\n${result.stderr}`,
      );
    }
    times.push(seconds);
  }
  return times;
}

function resourceCount(outdir: string, stackName: string): number {
  const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8'));
  return Object.keys(template.Resources ?? {}).length;
}

interface SynthResult {
  readonly name: string;
  readonly medianSeconds: number;
  readonly resources: number;
}

function benchSynth(options: Options): SynthResult[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaleup-bench-'));
  const cases: { name: string; stack: string; args: string[] }[] = [
    {
      name: 'empty app (one empty stack)',
      stack: 'Empty',
      args: ['--app', 'node --import tsx bench/empty-app.ts'],
    },
    { name: 'default app, dev', stack: 'ScaleUp-dev', args: ['-c', 'profile=dev'] },
    {
      name: 'default app, prod',
      stack: 'ScaleUp-prod',
      args: ['-c', 'profile=prod', '-c', `certificateArn=${EXAMPLE_CERTIFICATE_ARN}`],
    },
  ];
  const results: SynthResult[] = [];
  for (const benchCase of cases) {
    const args = ['synth', '--quiet', '-o', outdir, ...benchCase.args];
    timeCommand(CDK, args, 1); // warm the file system cache; not counted
    const times = timeCommand(CDK, args, options.runs);
    results.push({
      name: benchCase.name,
      medianSeconds: median(times),
      resources: resourceCount(outdir, benchCase.stack),
    });
    console.log(
      `${benchCase.name}: median ${median(times).toFixed(2)} s of ${times.map((t) => t.toFixed(2)).join(', ')}`,
    );
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return results;
}

function benchTests(options: Options): number | undefined {
  if (options.skipTests) {
    return undefined;
  }
  const times = timeCommand('npm', ['test', '--silent'], options.runs, { CI: 'true' });
  console.log(
    `npm test: median ${median(times).toFixed(1)} s of ${times.map((t) => t.toFixed(1)).join(', ')}`,
  );
  return median(times);
}

/**
 * Rows from bench/worker.ts. Unless REDIS_URL is set, a redis-server is started on loopback for
 * the idempotency figure when one is installed, and stopped afterwards.
 */
function benchWorker(options: Options): string[] {
  const script = path.join(ROOT, 'bench', 'worker.ts');
  let redis: ReturnType<typeof spawn> | undefined;
  const env = { ...process.env };
  if (!env.REDIS_URL && spawnSync('redis-server', ['--version']).status === 0) {
    const port = '56380';
    redis = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', port, '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    env.REDIS_URL = `redis://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 50; attempt++) {
      if (spawnSync('redis-cli', ['-p', port, 'ping']).stdout?.toString().includes('PONG')) {
        break;
      }
      spawnSync('sleep', ['0.1']);
    }
  }
  try {
    const output = execFileSync('node', ['--import', 'tsx', script, '--runs', String(options.runs)], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    console.log(output.trim());
    return output
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.trim());
  } finally {
    redis?.kill();
  }
}

interface PhaseResult {
  readonly constructMillis: number;
  readonly synthMillis: number;
}

/** Medians of bench/phases.ts for the dev profile, with and without the built-in validation. */
function benchPhases(options: Options): { validated: PhaseResult; unvalidated: PhaseResult } {
  const measure = (extraArgs: string[]): PhaseResult => {
    const constructTimes: number[] = [];
    const synthTimes: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const output = execFileSync('node', ['--import', 'tsx', 'bench/phases.ts', 'dev', ...extraArgs], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const match = /construct (\d+) ms, synth (\d+) ms/.exec(output);
      if (!match) {
        throw new Error(`bench/phases.ts printed no timings: ${output}`);
      }
      constructTimes.push(Number(match[1]));
      synthTimes.push(Number(match[2]));
    }
    return { constructMillis: median(constructTimes), synthMillis: median(synthTimes) };
  };
  const validated = measure([]);
  const unvalidated = measure(['--no-validation']);
  console.log(
    `phases: construct ${validated.constructMillis} ms, synth ${validated.synthMillis} ms, ` +
      `synth without validation ${unvalidated.synthMillis} ms`,
  );
  return { validated, unvalidated };
}

function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
}

function writeReport(
  options: Options,
  synth: SynthResult[],
  phases: { validated: PhaseResult; unvalidated: PhaseResult },
  testSeconds: number | undefined,
  workerRows: string[],
): void {
  const empty = synth[0];
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; machine: ${machineDescription()}.`,
    `Every figure is the median of ${options.runs} runs of the command named in bench/run.ts; synth runs`,
    '`cdk synth --quiet` through the local CLI with the context of cdk.json (built-in CloudFormation',
    'validation on), after one uncounted warm-up run.',
    '',
    '## Synth',
    '',
    '| app | resources | wall time (s) | ratio to empty app | seconds per 100 resources above the empty app |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const result of synth) {
    const ratio = result.medianSeconds / empty.medianSeconds;
    const extraResources = result.resources - empty.resources;
    const perHundred =
      extraResources > 0
        ? (((result.medianSeconds - empty.medianSeconds) / extraResources) * 100).toFixed(2)
        : '–';
    lines.push(
      `| ${result.name} | ${result.resources} | ${result.medianSeconds.toFixed(2)} | ${ratio.toFixed(2)} | ${perHundred} |`,
    );
  }
  lines.push(
    '',
    'Targets: the default app no slower than 3.8 s, and at most 0.6 s per 100 resources above the empty app.',
  );
  const validationMillis = phases.validated.synthMillis - phases.unvalidated.synthMillis;
  lines.push(
    '',
    '### Where the time goes',
    '',
    'In one process (`node --import tsx bench/phases.ts dev`, and with `--no-validation`, which sets',
    'CDK_VALIDATION=false), the default dev app spends:',
    '',
    '| phase | time (ms) |',
    '|---|---:|',
    `| building the construct tree | ${phases.validated.constructMillis} |`,
    `| \`app.synth()\` with the built-in CloudFormation validation | ${phases.validated.synthMillis} |`,
    `| \`app.synth()\` without it | ${phases.unvalidated.synthMillis} |`,
    `| the validation itself (difference) | ${validationMillis} |`,
    '',
    'The rest of the wall time above is the CDK CLI and Node.js start-up, which the empty app pays too.',
    'The validation engine compiles the rules of every resource type the template uses before it',
    'checks the template, so its cost grows with the number of distinct types. It runs inside',
    'aws-cdk-lib and stays on, because cdk.json makes its findings fail synth.',
  );
  if (testSeconds !== undefined) {
    lines.push('', '## Tests', '', `\`npm test\` (CI=true): ${testSeconds.toFixed(1)} s wall time.`);
  }
  if (workerRows.length > 0) {
    lines.push('', '## Worker', '', '| measure | value |', '|---|---:|', ...workerRows);
  }
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), lines.join('\n') + '\n');
  console.log('wrote docs/benchmarks.md');
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const synth = benchSynth(options);
  const phases = benchPhases(options);
  const testSeconds = benchTests(options);
  const workerRows = benchWorker(options);
  writeReport(options, synth, phases, testSeconds, workerRows);
}

if (require.main === module) {
  main();
}
