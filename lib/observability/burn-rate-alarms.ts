import { Annotations, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ScaleUpValidationError } from '../core/errors';
import { AlarmSeverity } from './alarm-options';
import { checkEvaluation, checkObjectivePercent, checkPeriod } from './private/checks';
import { serverErrorRatio, slowRequestRatio } from './private/expressions';
import { IWebMetrics } from '../core/tier-metrics';

/** Availability objective: the share of requests that get no 5xx response. */
export interface AvailabilityObjective {
  /**
   * Target share of requests without a 5xx response, in percent; greater than 50 and less than 100.
   * @default 99.9
   */
  readonly objectivePercent?: number;
}

/**
 * Latency objective: the share of requests whose target response time is within a threshold.
 *
 * The load balancer publishes no count of slow requests, so the share comes from the percentile
 * rank statistic of TargetResponseTime: `PR(:t)` is the percentage of requests that took at most
 * t seconds. It counts target response time only, not the time the load balancer adds.
 */
export interface LatencyObjective {
  /**
   * Target share of requests with a target response time within `threshold`, in percent; greater
   * than 50 and less than 100.
   * @default 99
   */
  readonly objectivePercent?: number;

  /**
   * Response time a request must not exceed to count as fast; from 1 ms to 4,000 s, the maximum
   * idle timeout of a load balancer.
   * @default Duration.seconds(1)
   */
  readonly threshold?: Duration;
}

/** Service level objectives alarmed by {@link BurnRateAlarms}. */
export interface ServiceLevelObjectives {
  /**
   * Availability objective.
   * @default - 99.9 % of requests without a 5xx response
   */
  readonly availability?: AvailabilityObjective;

  /**
   * Latency objective.
   * @default - 99 % of requests with a target response time within 1 second
   */
  readonly latency?: LatencyObjective;

  /**
   * Window over which the objectives hold, in whole days from 7 to 90. The burn rates scale with
   * it: 2 % of the budget in 1 hour is a burn rate of 14.4 over 30 days but 13.44 over 28 days.
   * @default Duration.days(30)
   */
  readonly complianceWindow?: Duration;

  /**
   * Whether to add the slowest pair, 3 days and 6 hours at 10 % of the budget (a burn rate of 1
   * over 30 days), as a WARNING. It catches a slow leak that would use the whole budget by the
   * end of the window.
   * @default false
   */
  readonly threeDayPair?: boolean;
}

/** Props of {@link BurnRateAlarms}. */
export interface BurnRateAlarmsProps extends ServiceLevelObjectives {
  /** Web tier whose load balancer metrics measure the objectives. */
  readonly web: IWebMetrics;

  /**
   * Topic notified when a pair goes into ALARM and when it returns to OK.
   * @default - no alarm action
   */
  readonly topic?: sns.ITopic;
}

/** Objective measured by a burn-rate pair. */
export enum ServiceLevelIndicator {
  /** Share of requests without a 5xx response. */
  AVAILABILITY = 'AVAILABILITY',
  /** Share of requests with a target response time within the latency threshold. */
  LATENCY = 'LATENCY',
}

/** One multi-window burn-rate alarm: a long and a short window alarm joined by AND. */
export interface BurnRatePair {
  /** Objective the pair protects. */
  readonly indicator: ServiceLevelIndicator;
  /** Severity of the composite alarm. */
  readonly severity: AlarmSeverity;
  /** Burn rate both windows must exceed: 1 uses exactly the whole budget over the compliance window. */
  readonly burnRate: number;
  /** Share of bad requests (a fraction from 0 to 1) both windows must exceed: burn rate × error budget. */
  readonly threshold: number;
  /** Long window, which shows the burn is significant. */
  readonly longWindow: Duration;
  /** Short window, which shows the burn is still going on; 1/12 of the long window. */
  readonly shortWindow: Duration;
  /** Alarm on the long window. It has no action of its own. */
  readonly longWindowAlarm: cloudwatch.Alarm;
  /** Alarm on the short window. It has no action of its own. */
  readonly shortWindowAlarm: cloudwatch.Alarm;
  /** AND of the two window alarms; this alarm notifies. */
  readonly alarm: cloudwatch.CompositeAlarm;
}

/** A window pair and the share of the error budget that sets it off. */
interface WindowPair {
  readonly id: string;
  readonly longWindow: Duration;
  readonly shortWindow: Duration;
  readonly budgetConsumed: number;
  readonly severity: AlarmSeverity;
}

/** An objective and the metric math that gives its share of bad requests for a period. */
interface Objective {
  readonly id: string;
  readonly indicator: ServiceLevelIndicator;
  readonly percent: number;
  /** Words for alarm descriptions, for example `availability objective (99.9 % ...)`. */
  readonly text: string;
  readonly badRatio: (period: Duration) => cloudwatch.IMetric;
}

// Multiwindow, multi-burn-rate alerts follow "Alerting on SLOs", chapter 5 of The Site Reliability
// Workbook (Google, O'Reilly 2018), https://sre.google/workbook/alerting-on-slos/. Its recommended
// starting point pages when 2 % of the budget goes in 1 hour (short window 5 minutes) and when 5 %
// goes in 6 hours (short window 30 minutes). It opens a ticket when 10 % goes in 3 days (short
// window 6 hours). Over 30 days those are burn rates of 14.4, 6 and 1, and each short window is
// 1/12 of its long window. Here the 6-hour pair warns instead of paging, and the 3-day pair is opt-in.
const FAST_PAIR: WindowPair = {
  id: 'Fast',
  longWindow: Duration.hours(1),
  shortWindow: Duration.minutes(5),
  budgetConsumed: 0.02,
  severity: AlarmSeverity.CRITICAL,
};
const SLOW_PAIR: WindowPair = {
  id: 'Slow',
  longWindow: Duration.hours(6),
  shortWindow: Duration.minutes(30),
  budgetConsumed: 0.05,
  severity: AlarmSeverity.WARNING,
};
const THREE_DAY_PAIR: WindowPair = {
  id: 'ThreeDay',
  longWindow: Duration.days(3),
  shortWindow: Duration.hours(6),
  budgetConsumed: 0.1,
  severity: AlarmSeverity.WARNING,
};

const DEFAULT_AVAILABILITY_PERCENT = 99.9;
const DEFAULT_LATENCY_PERCENT = 99;
const DEFAULT_LATENCY_THRESHOLD = Duration.seconds(1);
const DEFAULT_COMPLIANCE_WINDOW = Duration.days(30);
const MAX_LATENCY_THRESHOLD_MS = 4000 * 1000;

/** Twelve significant digits: enough for any threshold, and 14.4 × 0.001 prints as 0.0144. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * SLO burn-rate alarms on the web tier's load balancer metrics, for an availability and a
 * latency objective. Each pair is a composite alarm: the share of bad requests exceeds
 * burn rate × error budget over both a long and a short window. The fast pair (1 hour and
 * 5 minutes) is CRITICAL and the slow pair (6 hours and 30 minutes) a WARNING.
 */
export class BurnRateAlarms extends Construct {
  /**
   * Returns the error budget of an objective as a fraction: 99.9 percent leaves 0.001.
   * @param objectivePercent objective in percent, for example 99.9
   */
  public static errorBudget(objectivePercent: number): number {
    return round(1 - objectivePercent / 100);
  }

  /**
   * Returns the burn rate at which `budgetConsumed` of the error budget goes within `longWindow`:
   * budgetConsumed × complianceWindow / longWindow. 2 % in 1 hour of 30 days is 14.4.
   *
   * @param budgetConsumed share of the error budget, a fraction (0.02 for 2 %)
   * @param complianceWindow window over which the objective applies
   * @param longWindow window over which that share is used up
   */
  public static burnRate(budgetConsumed: number, complianceWindow: Duration, longWindow: Duration): number {
    return round((budgetConsumed * complianceWindow.toMinutes()) / longWindow.toMinutes());
  }

  /** Every pair created, availability first. */
  public readonly pairs: BurnRatePair[] = [];

  constructor(scope: Construct, id: string, props: BurnRateAlarmsProps) {
    super(scope, id);
    const availabilityPercent = props.availability?.objectivePercent ?? DEFAULT_AVAILABILITY_PERCENT;
    const latencyPercent = props.latency?.objectivePercent ?? DEFAULT_LATENCY_PERCENT;
    const latencyThreshold = props.latency?.threshold ?? DEFAULT_LATENCY_THRESHOLD;
    const complianceWindow = props.complianceWindow ?? DEFAULT_COMPLIANCE_WINDOW;
    checkObjectivePercent(this, 'availability.objectivePercent', availabilityPercent);
    checkObjectivePercent(this, 'latency.objectivePercent', latencyPercent);
    this.checkLatencyThreshold(latencyThreshold);
    this.checkComplianceWindow(complianceWindow);

    // The two objectives and how each measures its share of bad requests.
    const windowDays = complianceWindow.toDays();
    const thresholdSeconds = latencyThreshold.toMilliseconds() / 1000;
    const objectives: Objective[] = [
      {
        id: 'Availability',
        indicator: ServiceLevelIndicator.AVAILABILITY,
        percent: availabilityPercent,
        text: `availability objective (${availabilityPercent} % of requests without 5xx over ${windowDays} days)`,
        badRatio: (period) => serverErrorRatio(props.web, period, 1, '5xx ratio'),
      },
      {
        id: 'Latency',
        indicator: ServiceLevelIndicator.LATENCY,
        percent: latencyPercent,
        text:
          `latency objective (${latencyPercent} % of requests within ${thresholdSeconds} s ` +
          `over ${windowDays} days)`,
        badRatio: (period) =>
          slowRequestRatio(props.web, thresholdSeconds, period, `Share slower than ${thresholdSeconds} s`),
      },
    ];

    // One composite alarm per objective and window pair.
    const windowPairs = props.threeDayPair ? [FAST_PAIR, SLOW_PAIR, THREE_DAY_PAIR] : [FAST_PAIR, SLOW_PAIR];
    const action = props.topic ? new actions.SnsAction(props.topic) : undefined;
    for (const objective of objectives) {
      const objectiveScope = new Construct(this, objective.id);
      for (const windowPair of windowPairs) {
        this.pairs.push(this.createPair(objectiveScope, objective, windowPair, complianceWindow, action));
      }
    }
  }

  /** Returns the composite alarms of one severity. */
  public alarmsOf(severity: AlarmSeverity): cloudwatch.CompositeAlarm[] {
    return this.pairs.filter((pair) => pair.severity === severity).map((pair) => pair.alarm);
  }

  private createPair(
    scope: Construct,
    objective: Objective,
    windowPair: WindowPair,
    complianceWindow: Duration,
    action: actions.SnsAction | undefined,
  ): BurnRatePair {
    const pairScope = new Construct(scope, windowPair.id);
    const burnRate = BurnRateAlarms.burnRate(
      windowPair.budgetConsumed,
      complianceWindow,
      windowPair.longWindow,
    );
    const threshold = round(burnRate * BurnRateAlarms.errorBudget(objective.percent));
    const name = `${objective.id} ${windowPair.id.toLowerCase()} burn (${windowPair.severity})`;
    if (threshold >= 1) {
      Annotations.of(pairScope).addWarningV2(
        'cdk-scaleup:burn-rate-unreachable',
        `The ${objective.text} gives the ${name} pair a threshold of ${threshold}, a share of bad ` +
          'requests that can never be exceeded, so this pair never fires. Raise the objective.',
      );
    }

    // The window alarms have no action: only their AND notifies.
    const windowAlarm = (windowId: string, period: Duration): cloudwatch.Alarm => {
      const subject = `alarm "${name}, ${windowId.toLowerCase()} window"`;
      const prop = `${objective.id.toLowerCase()}.${windowPair.id.toLowerCase()}Pair`;
      checkPeriod(this, prop, period, subject);
      checkEvaluation(this, prop, period, 1, 1, subject);
      return new cloudwatch.Alarm(pairScope, `${windowId}Window`, {
        metric: objective.badRatio(period),
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // No traffic burns no budget.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription:
          `Share of bad requests of the ${objective.text} above ${threshold} ` +
          `(burn rate ${burnRate}) over ${period.toHumanString()}. Part of the ${name} pair.`,
      });
    };
    const longWindowAlarm = windowAlarm('Long', windowPair.longWindow);
    const shortWindowAlarm = windowAlarm('Short', windowPair.shortWindow);
    for (const windowAlarmResource of [longWindowAlarm, shortWindowAlarm]) {
      Validations.of(windowAlarmResource).acknowledge({
        id: 'NIST.800.53.R5-CloudWatchAlarmAction',
        reason:
          'A window alarm alone is no reason to act: it feeds the composite alarm of its pair, which notifies the alarm topic.',
      });
    }

    const alarm = new cloudwatch.CompositeAlarm(pairScope, 'Alarm', {
      alarmRule: cloudwatch.AlarmRule.allOf(longWindowAlarm, shortWindowAlarm),
      alarmDescription:
        `${windowPair.severity}: the ${objective.text} burns its error budget at ${burnRate}× or faster ` +
        `over both ${windowPair.longWindow.toHumanString()} and ${windowPair.shortWindow.toHumanString()}. ` +
        `At this rate ${round(windowPair.budgetConsumed * 100)} % of the budget goes in ` +
        `${windowPair.longWindow.toHumanString()}.`,
    });
    if (action) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    return {
      indicator: objective.indicator,
      severity: windowPair.severity,
      burnRate,
      threshold,
      longWindow: windowPair.longWindow,
      shortWindow: windowPair.shortWindow,
      longWindowAlarm,
      shortWindowAlarm,
      alarm,
    };
  }

  private checkLatencyThreshold(threshold: Duration): void {
    if (threshold.isUnresolved()) {
      return;
    }
    const milliseconds = threshold.toMilliseconds({ integral: false });
    if (milliseconds < 1 || milliseconds > MAX_LATENCY_THRESHOLD_MS) {
      throw new ScaleUpValidationError(
        this,
        'latency.threshold',
        `got ${milliseconds} milliseconds; must be from 1 millisecond to 4000 seconds`,
      );
    }
  }

  private checkComplianceWindow(window: Duration): void {
    if (window.isUnresolved()) {
      return;
    }
    const days = window.toHours({ integral: false }) / 24;
    if (!Number.isInteger(days) || days < 7 || days > 90) {
      throw new ScaleUpValidationError(
        this,
        'complianceWindow',
        `got ${window.toHumanString()}; must be a whole number of days from 7 to 90, such as Duration.days(30)`,
      );
    }
  }
}
