import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../core/errors';
import {
  AlarmSeverity,
  AlarmThresholds,
  CacheAlarmOptions,
  DatabaseAlarmOptions,
  QueueAlarmOptions,
  WebAlarmOptions,
  WorkerAlarmOptions,
} from './alarm-options';
import {
  cacheAlarmSpecs,
  databaseAlarmSpecs,
  queueAlarmSpecs,
  webAlarmSpecs,
  workerAlarmSpecs,
} from './private/alarm-catalog';
import { AlarmSpec, SeverityAlarm, createSeverityAlarms } from './private/alarm-factory';
import {
  ICacheMetrics,
  IDatabaseMetrics,
  IQueueMetrics,
  IWebMetrics,
  IWorkerMetrics,
} from '../core/tier-metrics';

/** Props of {@link ServiceAlarms}. Every tier is optional; a tier that is left out gets no alarm. */
export interface ServiceAlarmsProps {
  /**
   * Web tier to alarm on.
   * @default - no web alarms
   */
  readonly web?: IWebMetrics;
  /**
   * Database tier to alarm on.
   * @default - no database alarms
   */
  readonly database?: IDatabaseMetrics;
  /**
   * Cache tier to alarm on.
   * @default - no cache alarms
   */
  readonly cache?: ICacheMetrics;
  /**
   * Queues to alarm on, each with its dead-letter queue. Their construct IDs must differ.
   * @default - no queue alarms
   */
  readonly queues?: IQueueMetrics[];
  /**
   * Worker functions to alarm on. Their construct IDs must differ.
   * @default - no worker alarms
   */
  readonly workers?: IWorkerMetrics[];

  /**
   * Thresholds of the web alarms.
   * @default - the defaults documented on WebAlarmOptions
   */
  readonly webAlarms?: WebAlarmOptions;
  /**
   * Thresholds of the database alarms.
   * @default - the defaults documented on DatabaseAlarmOptions
   */
  readonly databaseAlarms?: DatabaseAlarmOptions;
  /**
   * Thresholds of the cache alarms.
   * @default - the defaults documented on CacheAlarmOptions
   */
  readonly cacheAlarms?: CacheAlarmOptions;
  /**
   * Thresholds of the alarms of every queue.
   * @default - the defaults documented on QueueAlarmOptions
   */
  readonly queueAlarms?: QueueAlarmOptions;
  /**
   * Thresholds of the alarms of every worker.
   * @default - the defaults documented on WorkerAlarmOptions
   */
  readonly workerAlarms?: WorkerAlarmOptions;

  /**
   * Topic notified when an alarm goes into ALARM; CRITICAL alarms also notify it on their return
   * to OK.
   * @default - no alarm action
   */
  readonly topic?: sns.ITopic;
}

/**
 * WARNING and CRITICAL metric alarms on every tier given, built from the tiers' metric helpers.
 * Each alarm's threshold, period and M-of-N evaluation can be overridden per severity. A period
 * other than 10 s, 30 s or a multiple of 60 s fails synth with an error that names the alarm.
 */
export class ServiceAlarms extends Construct {
  /** Every alarm created, WARNING and CRITICAL. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The CRITICAL alarms. */
  public readonly criticalAlarms: cloudwatch.Alarm[];
  /** The WARNING alarms. */
  public readonly warningAlarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps = {}) {
    super(scope, id);
    checkUniqueIds(this, 'queues', props.queues ?? []);
    checkUniqueIds(this, 'workers', props.workers ?? []);

    const created: SeverityAlarm[] = [];
    if (props.web) {
      created.push(...this.addTier('Web', props.web, 'webAlarms', webAlarmSpecs(props.web), props.webAlarms));
    }
    if (props.database) {
      created.push(
        ...this.addTier(
          'Database',
          props.database,
          'databaseAlarms',
          databaseAlarmSpecs(props.database),
          props.databaseAlarms,
        ),
      );
    }
    if (props.cache) {
      created.push(
        ...this.addTier('Cache', props.cache, 'cacheAlarms', cacheAlarmSpecs(props.cache), props.cacheAlarms),
      );
    }
    if (props.queues && props.queues.length > 0) {
      const queuesScope = new Construct(this, 'Queues');
      for (const queue of props.queues) {
        created.push(
          ...this.addTier(
            queue.node.id,
            queue,
            'queueAlarms',
            queueAlarmSpecs(queue),
            props.queueAlarms,
            queuesScope,
          ),
        );
      }
    }
    if (props.workers && props.workers.length > 0) {
      const workersScope = new Construct(this, 'Workers');
      for (const worker of props.workers) {
        created.push(
          ...this.addTier(
            worker.node.id,
            worker,
            'workerAlarms',
            workerAlarmSpecs(worker),
            props.workerAlarms,
            workersScope,
          ),
        );
      }
    }

    if (props.topic) {
      const action = new actions.SnsAction(props.topic);
      for (const { severity, alarm } of created) {
        alarm.addAlarmAction(action);
        if (severity === AlarmSeverity.CRITICAL) {
          alarm.addOkAction(action);
        }
      }
    }

    this.alarms = created.map((entry) => entry.alarm);
    this.criticalAlarms = created
      .filter((entry) => entry.severity === AlarmSeverity.CRITICAL)
      .map((e) => e.alarm);
    this.warningAlarms = created
      .filter((entry) => entry.severity === AlarmSeverity.WARNING)
      .map((e) => e.alarm);
  }

  /** Returns the alarms of one severity. */
  public alarmsOf(severity: AlarmSeverity): cloudwatch.Alarm[] {
    return severity === AlarmSeverity.CRITICAL ? [...this.criticalAlarms] : [...this.warningAlarms];
  }

  private addTier(
    id: string,
    tier: IConstruct,
    propPrefix: string,
    specs: AlarmSpec[],
    options: object | undefined,
    parent: Construct = this,
  ): SeverityAlarm[] {
    // Each tier's options interface has one AlarmThresholds prop per spec key.
    const overrides = options as Record<string, AlarmThresholds | undefined> | undefined;
    const tierScope = new Construct(parent, id);
    return specs.flatMap((spec) =>
      createSeverityAlarms(tierScope, this, propPrefix, tier.node.path, spec, overrides?.[spec.key]),
    );
  }
}

/** Throws when two tiers share a construct ID, which names their alarms' scope. */
function checkUniqueIds(scope: IConstruct, prop: string, tiers: readonly IConstruct[]): void {
  const seen = new Map<string, string>();
  for (const tier of tiers) {
    const previous = seen.get(tier.node.id);
    if (previous !== undefined) {
      throw new ScaleUpValidationError(
        scope,
        prop,
        `got ${previous} and ${tier.node.path}, which share the construct ID "${tier.node.id}"; ` +
          'give each a different ID, because the ID names its alarms and dashboard lines',
      );
    }
    seen.set(tier.node.id, tier.node.path);
  }
}
