import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../../core/errors';
import { describeValue } from '../../core/validation';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

// Deliberately loose: one @, no spaces, a dot in the domain. SNS confirms the address itself.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** CloudWatch rejects a period whose evaluation range (period × evaluation periods) exceeds 7 days. */
const MAX_EVALUATION_RANGE_SECONDS = 7 * 24 * 3600;
/** For a period under one hour, the evaluation range may not exceed 1 day. */
const MAX_SHORT_PERIOD_EVALUATION_RANGE_SECONDS = 24 * 3600;

/** Throws unless `value` is a `#rrggbb` colour, the form CloudWatch dashboards accept. */
export function checkHexColor(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!HEX_COLOR.test(value)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)}; a colour must be "#" followed by six hexadecimal digits, such as "#1f77b4"`,
    );
  }
}

/**
 * Throws unless the period is 10 s, 30 s or a whole number of minutes: the periods that both
 * CloudWatch alarms (PutMetricAlarm) and CDK metrics accept. `subject` names the alarm or query.
 */
export function checkPeriod(scope: IConstruct, prop: string, period: Duration, subject: string): void {
  if (period.isUnresolved()) {
    return;
  }
  const seconds = period.toSeconds({ integral: false });
  const valid = seconds === 10 || seconds === 30 || (seconds > 0 && seconds % 60 === 0);
  if (!valid) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${seconds} seconds for ${subject}; a period must be 10 seconds, 30 seconds or a multiple of 60 seconds`,
    );
  }
}

/**
 * Throws unless evaluation periods and datapoints to alarm are whole numbers with
 * 1 ≤ datapoints ≤ evaluation periods. Also throws when the evaluation range (period × evaluation
 * periods) exceeds what PutMetricAlarm accepts: 1 day for a period under one hour, 7 days otherwise.
 */
export function checkEvaluation(
  scope: IConstruct,
  prop: string,
  period: Duration,
  evaluationPeriods: number,
  datapointsToAlarm: number,
  subject: string,
): void {
  if (Token.isUnresolved(evaluationPeriods) || Token.isUnresolved(datapointsToAlarm)) {
    return;
  }
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    throw new ScaleUpValidationError(
      scope,
      `${prop}.evaluationPeriods`,
      `got ${evaluationPeriods} for ${subject}; must be an integer of at least 1`,
    );
  }
  if (
    !Number.isInteger(datapointsToAlarm) ||
    datapointsToAlarm < 1 ||
    datapointsToAlarm > evaluationPeriods
  ) {
    throw new ScaleUpValidationError(
      scope,
      `${prop}.datapointsToAlarm`,
      `got ${datapointsToAlarm} for ${subject}; must be an integer from 1 to evaluationPeriods (${evaluationPeriods})`,
    );
  }
  if (period.isUnresolved()) {
    return;
  }
  const seconds = period.toSeconds();
  const range = seconds * evaluationPeriods;
  const limit = seconds < 3600 ? MAX_SHORT_PERIOD_EVALUATION_RANGE_SECONDS : MAX_EVALUATION_RANGE_SECONDS;
  if (range > limit) {
    throw new ScaleUpValidationError(
      scope,
      `${prop}.evaluationPeriods`,
      `got ${evaluationPeriods} periods of ${seconds} seconds (${range} seconds) for ${subject}; ` +
        `CloudWatch allows at most ${limit} seconds for ${seconds < 3600 ? 'a period under one hour' : 'this period'}`,
    );
  }
}

/** Throws unless `value` is a finite number. */
export function checkFiniteNumber(scope: IConstruct, prop: string, value: number, subject: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)} for ${subject}; must be a finite number`,
    );
  }
}

/** Throws unless every address looks like an email address and none is repeated. */
export function checkEmailAddresses(scope: IConstruct, prop: string, addresses: readonly string[]): void {
  const seen = new Set<string>();
  addresses.forEach((address, index) => {
    if (Token.isUnresolved(address)) {
      return;
    }
    if (!EMAIL_ADDRESS.test(address)) {
      throw new ScaleUpValidationError(
        scope,
        `${prop}[${index}]`,
        `got ${describeValue(address)}; expected an email address such as "oncall@example.com"`,
      );
    }
    const key = address.toLowerCase();
    if (seen.has(key)) {
      throw new ScaleUpValidationError(
        scope,
        `${prop}[${index}]`,
        `got ${describeValue(address)} twice; list each address once`,
      );
    }
    seen.add(key);
  });
}

/** Throws unless the objective lies strictly between 50 and 100 percent. */
export function checkObjectivePercent(scope: IConstruct, prop: string, value: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 50 || value >= 100) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)} percent; an objective must be greater than 50 and less than 100 percent, such as 99.9`,
    );
  }
}
