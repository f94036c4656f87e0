import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import { AlarmSeverity, AlarmThresholdOptions, AlarmThresholds } from '../alarm-options';
import { checkEvaluation, checkFiniteNumber, checkPeriod } from './checks';

/** Default settings of one alarm of one severity. */
export interface SeverityDefaults {
  readonly enabled: boolean;
  readonly threshold: number;
  readonly period: Duration;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** One alarmed metric: what it measures and its WARNING and CRITICAL defaults. */
export interface AlarmSpec {
  /** Prop name under the tier's alarm options, for example `serverErrorRatio`. */
  readonly key: string;
  /** Words in the alarm description, for example `5xx ratio`. */
  readonly title: string;
  /** Unit of the threshold as the user gives it, for example `percent`. */
  readonly unit: string;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly warning: SeverityDefaults;
  readonly critical: SeverityDefaults;
  /** Factor from the user's unit to the metric's unit (MiB to bytes); 1 when they agree. */
  readonly thresholdFactor?: number;
  /** Builds the metric or expression with the alarm's period. */
  readonly metric: (period: Duration) => cloudwatch.IMetric;
}

/** An alarm with its severity. */
export interface SeverityAlarm {
  readonly severity: AlarmSeverity;
  readonly alarm: cloudwatch.Alarm;
}

/** Shorthand for the defaults of one severity. */
export function severity(
  threshold: number,
  datapointsToAlarm: number,
  evaluationPeriods: number,
  periodSeconds: number,
  enabled = true,
): SeverityDefaults {
  return {
    enabled,
    threshold,
    period: Duration.seconds(periodSeconds),
    evaluationPeriods,
    datapointsToAlarm,
  };
}

const COMPARISON_WORDS: Record<string, string> = {
  [cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD]: 'above',
  [cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD]: 'at or above',
  [cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD]: 'below',
  [cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD]: 'at or below',
};

/**
 * Creates the enabled WARNING and CRITICAL alarms of `spec` under `scope`, after validating the
 * overrides. Errors name `owner` (the construct the user configured), the prop under
 * `propPrefix` and the alarm.
 */
export function createSeverityAlarms(
  scope: Construct,
  owner: IConstruct,
  propPrefix: string,
  subjectLabel: string,
  spec: AlarmSpec,
  overrides: AlarmThresholds | undefined,
): SeverityAlarm[] {
  const created: SeverityAlarm[] = [];
  const levels: [AlarmSeverity, SeverityDefaults, AlarmThresholdOptions | undefined, string][] = [
    [AlarmSeverity.WARNING, spec.warning, overrides?.warning, 'warning'],
    [AlarmSeverity.CRITICAL, spec.critical, overrides?.critical, 'critical'],
  ];

  for (const [level, defaults, override, field] of levels) {
    const settings: SeverityDefaults = {
      enabled: override?.enabled ?? defaults.enabled,
      threshold: override?.threshold ?? defaults.threshold,
      period: override?.period ?? defaults.period,
      evaluationPeriods: override?.evaluationPeriods ?? defaults.evaluationPeriods,
      datapointsToAlarm: override?.datapointsToAlarm ?? defaults.datapointsToAlarm,
    };
    if (!settings.enabled) {
      continue;
    }

    const prop = `${propPrefix}.${spec.key}.${field}`;
    const alarmName = `${subjectLabel} ${spec.title} (${level})`;
    checkFiniteNumber(owner, `${prop}.threshold`, settings.threshold, `alarm "${alarmName}"`);
    checkPeriod(owner, `${prop}.period`, settings.period, `alarm "${alarmName}"`);
    checkEvaluation(
      owner,
      prop,
      settings.period,
      settings.evaluationPeriods,
      settings.datapointsToAlarm,
      `alarm "${alarmName}"`,
    );

    const alarm = new cloudwatch.Alarm(scope, `${upperFirst(spec.key)}${upperFirst(field)}`, {
      metric: spec.metric(settings.period),
      threshold: settings.threshold * (spec.thresholdFactor ?? 1),
      comparisonOperator: spec.comparison,
      evaluationPeriods: settings.evaluationPeriods,
      datapointsToAlarm: settings.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      alarmDescription: describeAlarm(level, subjectLabel, spec, settings),
    });
    created.push({ severity: level, alarm });
  }
  return created;
}

function describeAlarm(
  level: AlarmSeverity,
  subjectLabel: string,
  spec: AlarmSpec,
  settings: SeverityDefaults,
): string {
  const comparison = COMPARISON_WORDS[spec.comparison] ?? spec.comparison;
  return (
    `${level}: ${subjectLabel} ${spec.title} ${comparison} ${settings.threshold} ${spec.unit} ` +
    `in ${settings.datapointsToAlarm} of ${settings.evaluationPeriods} periods of ${settings.period.toSeconds()} seconds.`
  );
}

/** `fooBar` to `FooBar`, for construct IDs. */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
