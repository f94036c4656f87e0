import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from './errors';

/**
 * Synth-time checks shared by every tier. Each check returns silently for unresolved tokens,
 * because their value is only known at deploy time.
 */

/** Formats a received value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value instanceof Duration) {
    return value.toHumanString();
  }
  return String(value);
}

/** Throws unless `value` is an integer in `[min, max]`; `unit` is appended to the numbers in the message. */
export function checkIntegerRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  unit = '',
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const suffix = unit ? ` ${unit}` : '';
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${value}${suffix}; must be an integer from ${min} to ${max}${suffix}`,
    );
  }
}

/** Throws unless `value` is a number in `[min, max]` (fractions allowed). */
export function checkNumberRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  unit = '',
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const suffix = unit ? ` ${unit}` : '';
  if (Number.isNaN(value) || value < min || value > max) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${value}${suffix}; must be from ${min} to ${max}${suffix}`,
    );
  }
}

/** Throws unless the duration, in whole seconds, lies in `[minSeconds, maxSeconds]`. */
export function checkDurationRange(
  scope: IConstruct,
  prop: string,
  value: Duration | undefined,
  minSeconds: number,
  maxSeconds: number,
): void {
  if (value === undefined || value.isUnresolved()) {
    return;
  }
  const seconds = value.toSeconds();
  if (seconds < minSeconds || seconds > maxSeconds) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${seconds} seconds; must be from ${minSeconds} to ${maxSeconds} seconds`,
    );
  }
}

/** Throws unless `value` is one of `allowed`. */
export function checkAllowedValue<T>(
  scope: IConstruct,
  prop: string,
  value: T | undefined,
  allowed: readonly T[],
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!allowed.includes(value)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)}; allowed values are ${allowed.map(describeValue).join(', ')}`,
    );
  }
}

/** Throws when `min` is greater than `max`; both props are named in the message. */
export function checkMinNotAboveMax(
  scope: IConstruct,
  minProp: string,
  min: number | undefined,
  maxProp: string,
  max: number | undefined,
): void {
  if (min === undefined || max === undefined || Token.isUnresolved(min) || Token.isUnresolved(max)) {
    return;
  }
  if (min > max) {
    throw new ScaleUpValidationError(
      scope,
      `${minProp}/${maxProp}`,
      `${minProp} is ${min} but ${maxProp} is ${max}; ${minProp} must be less than or equal to ${maxProp}`,
    );
  }
}

/** Options of a name rule checked by {@link checkResourceName}. */
export interface NameRule {
  /** Maximum length in characters. */
  readonly maxLength: number;
  /** Pattern every character must match, for example `/^[A-Za-z0-9-]+$/`. */
  readonly pattern: RegExp;
  /** Plain-English description of `pattern`, used in the message. */
  readonly patternDescription: string;
  /** Whether a leading or trailing hyphen is rejected. */
  readonly noEdgeHyphen?: boolean;
  /** Prefixes the name must not start with. */
  readonly forbiddenPrefixes?: readonly string[];
}

/** Throws unless the name follows `rule`; every broken rule is listed in one message. */
export function checkResourceName(
  scope: IConstruct,
  prop: string,
  name: string | undefined,
  rule: NameRule,
): void {
  if (name === undefined || Token.isUnresolved(name)) {
    return;
  }
  const problems: string[] = [];
  if (name.length === 0 || name.length > rule.maxLength) {
    problems.push(`must be 1 to ${rule.maxLength} characters long (got ${name.length})`);
  }
  if (!rule.pattern.test(name)) {
    problems.push(`may contain only ${rule.patternDescription}`);
  }
  if (rule.noEdgeHyphen && (name.startsWith('-') || name.endsWith('-'))) {
    problems.push('must not start or end with a hyphen');
  }
  for (const prefix of rule.forbiddenPrefixes ?? []) {
    if (name.toLowerCase().startsWith(prefix)) {
      problems.push(`must not start with "${prefix}"`);
    }
  }
  if (problems.length > 0) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(name)}; the name ${problems.join(', ')}`,
    );
  }
}

/**
 * Throws when `value` is an unresolved token. Props that decide how many resources the template
 * contains (instances, nodes) must be known at synth, because a token would silently build none.
 */
export function checkLiteralCount(scope: IConstruct, prop: string, value: number | undefined): void {
  if (value !== undefined && Token.isUnresolved(value)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      'got a token; this count decides how many resources synth creates, so give a literal number',
    );
  }
}
