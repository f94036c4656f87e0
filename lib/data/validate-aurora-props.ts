import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../core/errors';
import {
  NameRule,
  checkAllowedValue,
  checkIntegerRange,
  checkMinNotAboveMax,
  checkResourceName,
  describeValue,
  checkLiteralCount,
} from '../core/validation';
import type { AuroraDatabaseProps } from './aurora-database';
import { ReplicaScalingMetric } from './replica-scaling-metric';
import { checkDailyWindow, checkWeeklyWindow, checkWindowsDoNotOverlap } from './private/time-windows';

/** Settings of an {@link AuroraDatabase} after profile defaults are applied. */
export interface AuroraSettings {
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly clusterIdentifier: string;
  readonly port: number;
  readonly serverless: boolean;
  readonly instanceType: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly readers: number;
  readonly maxReaders: number;
  readonly replicaScalingMetric: ReplicaScalingMetric;
  readonly replicaScalingTargetValue: number;
  readonly backupRetentionDays: number;
  readonly preferredBackupWindow: string;
  readonly preferredMaintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly databaseInsightsMode: rds.DatabaseInsightsMode;
  readonly performanceInsightRetention: rds.PerformanceInsightRetention;
}

/** PostgreSQL identifiers: a letter, then letters, digits or underscores, at most 63 characters. */
const POSTGRES_IDENTIFIER_RULE: NameRule = {
  maxLength: 63,
  pattern: /^[A-Za-z][A-Za-z0-9_]*$/,
  patternDescription: 'letters, digits and underscores, starting with a letter',
};

/**
 * RDS cluster identifiers: a letter, then letters, digits or hyphens, at most 63 characters, no
 * trailing or double hyphen. Lowercase only here, because RDS stores the identifier in lowercase
 * and the PostgreSQL log group name must match it.
 */
const CLUSTER_IDENTIFIER_RULE: NameRule = {
  maxLength: 63,
  pattern: /^[a-z][a-z0-9-]*$/,
  patternDescription: 'lowercase letters, digits and hyphens, starting with a letter',
  noEdgeHyphen: true,
};

/** Burstable instance sizes below `medium`, which Aurora PostgreSQL does not offer. */
const TOO_SMALL_BURSTABLE_SIZES = ['nano', 'micro', 'small'];

/**
 * Aurora Serverless v2 capacity limits: 0 to 256 ACUs in steps of 0.5 ACU ("Requirements and
 * limitations for Aurora Serverless v2", Amazon Aurora User Guide). A minimum of 0 needs an engine
 * version with automatic pause; the maximum must be above 0.5, and CDK requires at least 1.
 */
const SERVERLESS_MIN_ACU = 0;
const SERVERLESS_MAX_ACU = 256;
const SERVERLESS_MIN_OF_MAX_ACU = 1;

/** Aurora clusters have at most 15 readers (Aurora Replicas). */
const MAX_READERS = 15;

/** Validates the props of an {@link AuroraDatabase}; each broken rule throws a {@link ScaleUpValidationError}. */
export function validateAuroraProps(
  scope: IConstruct,
  props: AuroraDatabaseProps,
  settings: AuroraSettings,
): void {
  checkResourceName(scope, 'databaseName', settings.databaseName, POSTGRES_IDENTIFIER_RULE);
  checkResourceName(scope, 'masterUsername', settings.masterUsername, POSTGRES_IDENTIFIER_RULE);
  checkClusterIdentifier(scope, props.clusterIdentifier);
  checkIntegerRange(scope, 'port', settings.port, 1150, 65535);

  if (settings.serverless) {
    checkCapacity(scope, 'minCapacity', settings.minCapacity, SERVERLESS_MIN_ACU);
    checkCapacity(scope, 'maxCapacity', settings.maxCapacity, SERVERLESS_MIN_OF_MAX_ACU);
    checkMinNotAboveMax(scope, 'minCapacity', settings.minCapacity, 'maxCapacity', settings.maxCapacity);
  } else {
    checkInstanceType(scope, settings.instanceType);
  }

  checkLiteralCount(scope, 'readers', settings.readers);
  checkLiteralCount(scope, 'maxReaders', settings.maxReaders);
  checkIntegerRange(scope, 'readers', settings.readers, 0, MAX_READERS);
  checkIntegerRange(scope, 'maxReaders', settings.maxReaders, 0, MAX_READERS);
  checkReplicaScaling(scope, settings);

  checkIntegerRange(scope, 'backupRetentionDays', settings.backupRetentionDays, 1, 35, 'days');
  checkDailyWindow(scope, 'preferredBackupWindow', settings.preferredBackupWindow, 30);
  checkWeeklyWindow(scope, 'preferredMaintenanceWindow', settings.preferredMaintenanceWindow, 30);
  checkWindowsDoNotOverlap(
    scope,
    'preferredBackupWindow',
    settings.preferredBackupWindow,
    'preferredMaintenanceWindow',
    settings.preferredMaintenanceWindow,
  );
  checkIntegerRange(scope, 'rotationIntervalDays', props.rotationIntervalDays, 1, 365, 'days');
}

/**
 * Throws unless the rotation function in `subnets` can reach Secrets Manager: every subnet must
 * route to the internet through NAT, unless a Secrets Manager interface endpoint is given.
 * Public subnets do not count, because a function there gets no public IP address.
 */
export function checkRotationNetworkPath(
  scope: IConstruct,
  vpc: ec2.IVpc,
  subnets: ec2.SubnetSelection,
  endpoint: ec2.IInterfaceVpcEndpoint | undefined,
): void {
  if (endpoint) {
    return;
  }
  const noPathDetail =
    'the rotation function would have no network path to Secrets Manager; ' +
    'give rotationSubnets private subnets with egress (NAT), or pass secretsManagerEndpoint ' +
    '(an interface VPC endpoint of Secrets Manager)';
  if (vpc.privateSubnets.length === 0) {
    throw new ScaleUpValidationError(
      scope,
      'rotation',
      `got true, but the VPC has no private subnets with egress and no secretsManagerEndpoint is given; ${noPathDetail}`,
    );
  }
  const egressSubnetIds = new Set(vpc.privateSubnets.map((subnet) => subnet.subnetId));
  const selected = vpc.selectSubnets(subnets).subnets;
  const withoutEgress = selected.filter((subnet) => !egressSubnetIds.has(subnet.subnetId));
  if (withoutEgress.length > 0) {
    throw new ScaleUpValidationError(
      scope,
      'rotationSubnets',
      `got ${withoutEgress.length} of ${selected.length} subnets without a route through NAT; ${noPathDetail}`,
    );
  }
}

function checkClusterIdentifier(scope: IConstruct, identifier: string | undefined): void {
  checkResourceName(scope, 'clusterIdentifier', identifier, CLUSTER_IDENTIFIER_RULE);
  if (identifier !== undefined && !Token.isUnresolved(identifier) && identifier.includes('--')) {
    throw new ScaleUpValidationError(
      scope,
      'clusterIdentifier',
      `got ${describeValue(identifier)}; the name must not contain two consecutive hyphens`,
    );
  }
}

/** Throws unless the capacity lies in `[min, 256]` ACUs and is a multiple of 0.5. */
function checkCapacity(scope: IConstruct, prop: string, value: number, min: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (Number.isNaN(value) || value < min || value > SERVERLESS_MAX_ACU || !Number.isInteger(value * 2)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${value} ACUs; Aurora Serverless v2 capacity must be from ${min} to ${SERVERLESS_MAX_ACU} ACUs in steps of 0.5`,
    );
  }
}

function checkInstanceType(scope: IConstruct, instanceType: string): void {
  if (Token.isUnresolved(instanceType)) {
    return;
  }
  if (instanceType.startsWith('db.')) {
    throw new ScaleUpValidationError(
      scope,
      'instanceType',
      `got ${describeValue(instanceType)}; give the instance type without the "db." prefix, such as "r7g.large"`,
    );
  }
  const match = /^([a-z][a-z0-9-]*)\.([a-z0-9]+)$/.exec(instanceType);
  if (!match) {
    throw new ScaleUpValidationError(
      scope,
      'instanceType',
      `got ${describeValue(instanceType)}; expected an instance type such as "r7g.large" or "r8g.xlarge"`,
    );
  }
  const [, family, size] = match;
  if (family.startsWith('t') && TOO_SMALL_BURSTABLE_SIZES.includes(size)) {
    throw new ScaleUpValidationError(
      scope,
      'instanceType',
      `got ${describeValue(instanceType)}; Aurora PostgreSQL offers burstable classes from medium up, ` +
        `so the smallest allowed class of this family is "${family}.medium" (db.${family}.medium)`,
    );
  }
}

function checkReplicaScaling(scope: IConstruct, settings: AuroraSettings): void {
  const { readers, maxReaders } = settings;
  if (Token.isUnresolved(readers) || Token.isUnresolved(maxReaders) || maxReaders === 0) {
    return;
  }
  if (readers < 1) {
    throw new ScaleUpValidationError(
      scope,
      'readers/maxReaders',
      `readers is ${readers} but maxReaders is ${maxReaders}; replica autoscaling needs at least 1 reader ` +
        'in the template, so set readers to 1 or more, or set maxReaders to 0 to turn replica autoscaling off',
    );
  }
  checkMinNotAboveMax(scope, 'readers', readers, 'maxReaders', maxReaders);
  checkAllowedValue(
    scope,
    'replicaScalingMetric',
    settings.replicaScalingMetric,
    Object.values(ReplicaScalingMetric),
  );

  const cpu = settings.replicaScalingMetric === ReplicaScalingMetric.READER_AVERAGE_CPU_UTILIZATION;
  checkIntegerRange(
    scope,
    'replicaScalingTargetValue',
    settings.replicaScalingTargetValue,
    cpu ? 10 : 1,
    cpu ? 90 : 100_000,
    cpu ? 'percent' : 'connections',
  );
}
