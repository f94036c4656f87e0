import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from './errors';

/**
 * Defaults of one environment. Every tier reads its defaults from a profile, and every value can
 * still be overridden by the tier's own props.
 */
export interface ProfileSettings {
  /** Profile name, as given on the command line (`-c profile=NAME`). */
  readonly name: string;

  /** Number of availability zones the VPC spans. */
  readonly availabilityZoneCount: number;
  /** Number of NAT gateways; one per availability zone removes the zone's egress single point of failure. */
  readonly natGateways: number;

  /** Minimum number of running service tasks. */
  readonly minTasks: number;
  /** Maximum number of running service tasks. */
  readonly maxTasks: number;
  /** Fargate task CPU, in CPU units (1024 = 1 vCPU). */
  readonly taskCpu: number;
  /** Fargate task memory, in MiB. */
  readonly taskMemoryMiB: number;

  /** Whether deletion protection is on for load balancers and databases. */
  readonly deletionProtection: boolean;
  /** Whether the web tier may run without a TLS certificate (HTTP only). */
  readonly allowHttpOnly: boolean;
  /** Retention of every CloudWatch Logs log group the package creates. */
  readonly logRetention: logs.RetentionDays;
  /** Days after which load balancer access logs are deleted from their bucket. */
  readonly accessLogExpirationDays: number;

  /** Whether Aurora runs Serverless v2 instances (`true`) or provisioned Graviton instances. */
  readonly auroraServerless: boolean;
  /** Provisioned Aurora instance type, for example `r7g.large`; ignored when `auroraServerless` is true. */
  readonly auroraInstanceType: string;
  /** Minimum Aurora Serverless v2 capacity, in Aurora capacity units (ACU). */
  readonly auroraMinCapacity: number;
  /** Maximum Aurora Serverless v2 capacity, in Aurora capacity units (ACU). */
  readonly auroraMaxCapacity: number;
  /** Number of Aurora readers created by the template. */
  readonly auroraReaders: number;
  /** Maximum readers under replica autoscaling; 0 turns replica autoscaling off. */
  readonly auroraMaxReaders: number;
  /** Days Aurora keeps automated backups. */
  readonly backupRetentionDays: number;

  /** ElastiCache node type, for example `cache.t4g.micro`. */
  readonly cacheNodeType: string;
  /** Number of replicas per cache shard. */
  readonly cacheReplicas: number;
  /** Days ElastiCache keeps automatic snapshots; 0 turns them off. */
  readonly cacheSnapshotRetentionDays: number;

  /**
   * Removal policy of stateful resources that support snapshots (databases, caches).
   * DESTROY in dev keeps a short-lived environment cheap to tear down.
   */
  readonly statefulRemovalPolicy: RemovalPolicy;
  /**
   * Removal policy of data without snapshot support: secrets, queues, KMS keys and log groups.
   * Buckets are retained in every profile instead (see `StatefulKind.BUCKET`).
   */
  readonly dataRemovalPolicy: RemovalPolicy;
}

/** The built-in profiles. */
export class Profiles {
  /** Cheap, short-lived environment: 2 AZs, one NAT gateway, small Serverless v2 database, destroy on delete. */
  public static readonly DEV: ProfileSettings = {
    name: 'dev',
    availabilityZoneCount: 2,
    natGateways: 1,
    minTasks: 1,
    maxTasks: 4,
    taskCpu: 256,
    taskMemoryMiB: 512,
    deletionProtection: false,
    allowHttpOnly: true,
    logRetention: logs.RetentionDays.ONE_WEEK,
    accessLogExpirationDays: 30,
    auroraServerless: true,
    auroraInstanceType: 'r7g.large',
    auroraMinCapacity: 0.5,
    auroraMaxCapacity: 4,
    auroraReaders: 1,
    auroraMaxReaders: 0,
    backupRetentionDays: 1,
    cacheNodeType: 'cache.t4g.micro',
    cacheReplicas: 1,
    cacheSnapshotRetentionDays: 0,
    statefulRemovalPolicy: RemovalPolicy.DESTROY,
    dataRemovalPolicy: RemovalPolicy.DESTROY,
  };

  /** Highly available environment: 3 AZs, a NAT gateway per AZ, provisioned Aurora with replica autoscaling, snapshot or retain on delete. */
  public static readonly PROD: ProfileSettings = {
    name: 'prod',
    availabilityZoneCount: 3,
    natGateways: 3,
    minTasks: 3,
    maxTasks: 30,
    taskCpu: 1024,
    taskMemoryMiB: 2048,
    deletionProtection: true,
    allowHttpOnly: false,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    accessLogExpirationDays: 365,
    auroraServerless: false,
    auroraInstanceType: 'r7g.large',
    auroraMinCapacity: 0.5,
    auroraMaxCapacity: 16,
    auroraReaders: 2,
    auroraMaxReaders: 6,
    backupRetentionDays: 14,
    cacheNodeType: 'cache.r7g.large',
    cacheReplicas: 2,
    cacheSnapshotRetentionDays: 15,
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    dataRemovalPolicy: RemovalPolicy.RETAIN,
  };

  /** Names accepted by {@link Profiles.fromName}. */
  public static names(): string[] {
    return [Profiles.DEV.name, Profiles.PROD.name];
  }

  /**
   * Looks up a built-in profile by name.
   *
   * @param scope construct named in the error when the name is unknown
   * @param name `dev` or `prod`
   */
  public static fromName(scope: IConstruct, name: string): ProfileSettings {
    const found = [Profiles.DEV, Profiles.PROD].find((profile) => profile.name === name);
    if (!found) {
      throw new ScaleUpValidationError(
        scope,
        'profile',
        `got ${JSON.stringify(name)}; valid profiles are ${Profiles.names().join(', ')}`,
      );
    }
    return found;
  }
}

/** Log retention of the profile as a duration, for resources that take days rather than the enum. */
export function logRetentionDuration(profile: ProfileSettings): Duration {
  return Duration.days(profile.logRetention);
}
