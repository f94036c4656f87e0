import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../core/errors';

/**
 * Memory sizes, in MiB, that Fargate accepts for each Linux task CPU size, in CPU units.
 * Source: the "Task size" table of the Amazon ECS task definition parameters for Fargate.
 */
const FARGATE_MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) {
    values.push(value);
  }
  return values;
}

/** Returns every memory size, in MiB, Fargate accepts with `cpu` units; empty for an unknown CPU size. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_MEMORY_BY_CPU.get(cpu) ?? [];
}

/** Returns every CPU size, in CPU units, that Fargate accepts on Linux. */
export function fargateCpuOptions(): number[] {
  return [...FARGATE_MEMORY_BY_CPU.keys()];
}

/** Throws unless `cpu`/`memoryMiB` is a Fargate Linux task size; tokens skip the check. */
export function checkFargateTaskSize(scope: IConstruct, cpu: number, memoryMiB: number): void {
  if (Token.isUnresolved(cpu) || Token.isUnresolved(memoryMiB)) {
    return;
  }
  const memoryOptions = FARGATE_MEMORY_BY_CPU.get(cpu);
  if (!memoryOptions) {
    throw new ScaleUpValidationError(
      scope,
      'cpu',
      `got ${cpu} CPU units; Fargate accepts ${fargateCpuOptions().join(', ')} CPU units`,
    );
  }
  if (!memoryOptions.includes(memoryMiB)) {
    throw new ScaleUpValidationError(
      scope,
      'memoryLimitMiB',
      `got ${memoryMiB} MiB with cpu ${cpu}; Fargate accepts ${describeOptions(memoryOptions)} MiB with ${cpu} CPU units`,
    );
  }
}

function describeOptions(options: readonly number[]): string {
  if (options.length <= 3) {
    return options.join(', ');
  }
  const step = options[1] - options[0];
  return `${options[0]} to ${options[options.length - 1]} in steps of ${step}`;
}
