import { Annotations, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { IDatabaseMetrics } from '../core/tier-metrics';
import {
  acknowledgeLogGroupServiceEncryption,
  acknowledgeSecretAwsManagedKey,
} from '../core/acknowledgements';
import { ProfileSettings, Profiles } from '../core/profiles';
import { StatefulKind, applyStatefulRemovalPolicy, removalPolicyFor } from '../core/removal';
import { dataSubnets } from './private/data-subnets';
import { ReplicaScalingMetric } from './replica-scaling-metric';
import { AuroraSettings, checkRotationNetworkPath, validateAuroraProps } from './validate-aurora-props';

/**
 * Aurora PostgreSQL version of every cluster this package creates. CDK's built-in CloudFormation
 * validation (`@aws-cdk/core:validateAgainstDefaultRules`) rejects versions that RDS has retired
 * (rule E9006), so a bump is checked by `cdk synth`.
 */
export const AURORA_POSTGRES_ENGINE_VERSION = rds.AuroraPostgresEngineVersion.VER_17_9;

/** Options of {@link AuroraDatabase} that {@link ScalableWebApp} passes through unchanged. */
export interface AuroraDatabaseOptions {
  /**
   * Name of the database created in the cluster: starts with a letter, then letters, digits or
   * underscores, at most 63 characters. RDS sets it only when the cluster is created, so a change
   * replaces the cluster; it is never rewritten to fit the rules.
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * User name of the master user, stored with its generated password in Secrets Manager. Same
   * rules as `databaseName`. RDS cannot rename the master user, so changing it replaces the cluster.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;

  /**
   * Cluster identifier: lowercase letters, digits and single hyphens, starting with a letter, at
   * most 63 characters. The package names the PostgreSQL log group after it, so it is fixed at
   * synth. Changing it replaces the cluster and its PostgreSQL log group.
   * @default - derived from the construct path, for example `scaleupdev-app-database-1a2b3c4d`
   */
  readonly clusterIdentifier?: string;

  /**
   * Port the cluster (and the proxy) listens on (1150–65535).
   * @default 5432
   */
  readonly port?: number;

  /**
   * Subnets of the cluster, its instances and the proxy.
   * @default - the isolated subnets of the VPC; its private subnets with a warning when it has none
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  // --- capacity ------------------------------------------------------------------------------

  /**
   * Whether the writer and readers are Aurora Serverless v2 instances (`true`) or provisioned.
   * @default - the profile's `auroraServerless` (dev true, prod false)
   */
  readonly serverless?: boolean;

  /**
   * Instance type of provisioned instances, without the `db.` prefix, for example `r7g.large`.
   * Burstable classes smaller than `medium` (`t4g.micro`, `t3.small`, …) are rejected because
   * Aurora PostgreSQL does not offer them. Ignored with `serverless: true`.
   * @default - the profile's `auroraInstanceType` (`r7g.large`)
   */
  readonly instanceType?: string;

  /**
   * Minimum Serverless v2 capacity of each instance, in ACUs (0–256 in steps of 0.5). 0 lets idle
   * instances pause.
   * @default - the profile's `auroraMinCapacity` (0.5)
   */
  readonly minCapacity?: number;

  /**
   * Maximum Serverless v2 capacity of each instance, in ACUs (1–256 in steps of 0.5).
   * @default - the profile's `auroraMaxCapacity` (dev 4, prod 16)
   */
  readonly maxCapacity?: number;

  /**
   * Number of readers the template creates (0–15). The readers are placed in other availability
   * zones than the writer when the subnets span more than one.
   * @default - the profile's `auroraReaders` (dev 1, prod 2)
   */
  readonly readers?: number;

  /**
   * Maximum number of readers under replica autoscaling (0–15); 0 turns replica autoscaling off.
   * When on, `readers` must be at least 1 and is the scaling minimum, so autoscaling never removes
   * a reader of the template.
   * @default - the profile's `auroraMaxReaders` (dev 0, prod 6)
   */
  readonly maxReaders?: number;

  /**
   * Metric that replica autoscaling tracks.
   * @default ReplicaScalingMetric.READER_AVERAGE_CPU_UTILIZATION
   */
  readonly replicaScalingMetric?: ReplicaScalingMetric;

  /**
   * Target value of `replicaScalingMetric`: a percentage (10–90) for CPU, a connection count
   * (1–100000) for connections.
   * @default - 60 for CPU, 500 for connections
   */
  readonly replicaScalingTargetValue?: number;

  // --- backups, maintenance, removal ---------------------------------------------------------

  /**
   * Days Aurora keeps automated backups (1–35).
   * @default - the profile's `backupRetentionDays` (dev 1, prod 14)
   */
  readonly backupRetentionDays?: number;

  /**
   * Daily backup window in UTC, `hh24:mi-hh24:mi`, at least 30 minutes, not overlapping the
   * maintenance window.
   * @default '03:00-04:00'
   */
  readonly preferredBackupWindow?: string;

  /**
   * Weekly maintenance window in UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 30 minutes.
   * @default 'sun:04:30-sun:05:30'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * Whether deletion protection is on.
   * @default - the profile's `deletionProtection` (dev false, prod true)
   */
  readonly deletionProtection?: boolean;

  // --- observability -------------------------------------------------------------------------

  /**
   * Retention of the PostgreSQL log group that the cluster exports its logs to.
   * @default - the profile's `logRetention` (dev 1 week, prod 3 months)
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Database Insights mode. Standard keeps 7 days of Performance Insights data at no charge;
   * advanced keeps 15 months and is billed.
   * @default rds.DatabaseInsightsMode.STANDARD
   */
  readonly databaseInsightsMode?: rds.DatabaseInsightsMode;

  // --- connections ---------------------------------------------------------------------------

  /**
   * Whether clients connect through an RDS Proxy (connection pooling, faster failover). With a
   * proxy, `endpointForClients`, `readEndpointForClients` and `connections` point at the proxy.
   * @default false
   */
  readonly proxy?: boolean;

  /**
   * Whether Secrets Manager rotates the master password. The rotation function needs a network
   * path to Secrets Manager: subnets with egress, or `secretsManagerEndpoint`.
   * @default false
   */
  readonly rotation?: boolean;

  /**
   * Days between two rotations of the master password (1–365).
   * @default 30
   */
  readonly rotationIntervalDays?: number;

  /**
   * Subnets of the rotation function.
   * @default - the data subnets when `secretsManagerEndpoint` is given, the private subnets with egress otherwise
   */
  readonly rotationSubnets?: ec2.SubnetSelection;

  /**
   * Interface VPC endpoint of Secrets Manager, through which a rotation function in subnets
   * without egress reaches Secrets Manager.
   * @default - none: the rotation function reaches Secrets Manager through NAT
   */
  readonly secretsManagerEndpoint?: ec2.IInterfaceVpcEndpoint;
}

/** Props of {@link AuroraDatabase}. */
export interface AuroraDatabaseProps extends AuroraDatabaseOptions {
  /** VPC of the cluster. */
  readonly vpc: ec2.IVpc;

  /**
   * Profile that supplies the defaults.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;
}

/**
 * The database tier: an Aurora PostgreSQL cluster with a writer and readers, provisioned or
 * Serverless v2, in isolated subnets.
 *
 * Storage is encrypted, TLS is forced by the cluster parameter group, IAM database authentication
 * is on, the master credentials are generated in Secrets Manager, and the PostgreSQL log is
 * exported to a log group with retention. Optional: replica autoscaling, an RDS Proxy and
 * rotation of the master password.
 */
export class AuroraDatabase extends Construct implements ec2.IConnectable, IDatabaseMetrics {
  /** The Aurora cluster. */
  public readonly cluster: rds.DatabaseCluster;
  /** Master credentials (JSON with `username`, `password`, `host`, `port`, `dbname`). */
  public readonly secret: secretsmanager.ISecret;
  /** Security group of the cluster. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Log group receiving the exported PostgreSQL log. */
  public readonly logGroup: logs.LogGroup;
  /** Writer endpoint of the cluster. */
  public readonly clusterEndpoint: rds.Endpoint;
  /** Reader endpoint of the cluster, which balances connections over the readers. */
  public readonly clusterReadEndpoint: rds.Endpoint;
  /** Endpoint clients write through: the proxy when there is one, the writer endpoint otherwise. */
  public readonly endpointForClients: rds.Endpoint;
  /**
   * Endpoint clients read through: the read-only proxy endpoint when there is a proxy and a reader,
   * the proxy when there is a proxy and no reader, the cluster's reader endpoint otherwise.
   */
  public readonly readEndpointForClients: rds.Endpoint;
  /** Network face of the tier for clients: the proxy's security group when there is one, the cluster's otherwise. */
  public readonly connections: ec2.Connections;
  /** Port of the cluster and the proxy. */
  public readonly port: number;
  /** Name of the database created in the cluster. */
  public readonly databaseName: string;
  /** Whether the instances are Serverless v2. */
  public readonly serverless: boolean;
  /** The RDS Proxy; undefined unless `proxy` is true. */
  public readonly proxy?: rds.DatabaseProxy;
  /** Replica autoscaling target; undefined when `maxReaders` is 0. */
  public readonly readerScaling?: appscaling.ScalableTarget;
  /** Rotation of the master password; undefined unless `rotation` is true. */
  public readonly rotation?: secretsmanager.SecretRotation;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const profile = props.profile ?? Profiles.DEV;
    const settings = this.resolveSettings(props, profile);
    validateAuroraProps(this, props, settings);

    this.port = settings.port;
    this.databaseName = settings.databaseName;
    this.serverless = settings.serverless;
    const vpcSubnets = props.vpcSubnets ?? dataSubnets(this, props.vpc);

    // Security group: the cluster starts no connection, so it has no egress rule.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Aurora cluster of ${this.node.path}`,
      allowAllOutbound: false,
    });

    // The log group exists before the cluster, so RDS writes into it instead of creating one
    // without retention. CDK's own cloudwatchLogsRetention would add a Custom::LogRetention function.
    this.logGroup = new logs.LogGroup(this, 'PostgresqlLogs', {
      logGroupName: `/aws/rds/cluster/${settings.clusterIdentifier}/postgresql`,
      retention: props.logRetention ?? profile.logRetention,
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });

    // Cluster, writer and readers.
    this.cluster = this.createCluster(props, profile, settings, vpcSubnets);
    this.cluster.node.defaultChild!.node.addDependency(this.logGroup);
    applyStatefulRemovalPolicy(this.cluster, profile, StatefulKind.SNAPSHOTTABLE);
    const generatedSecret = this.cluster.node.findChild('Secret') as rds.DatabaseSecret;
    applyStatefulRemovalPolicy(generatedSecret, profile, StatefulKind.DATA);
    this.secret = this.cluster.secret!;
    this.clusterEndpoint = this.cluster.clusterEndpoint;
    this.clusterReadEndpoint = this.cluster.clusterReadEndpoint;

    // Replica autoscaling.
    if (settings.maxReaders > 0) {
      this.readerScaling = this.configureReplicaScaling(profile, settings);
    }

    // Proxy, or direct connections to the cluster.
    if (props.proxy) {
      const proxy = this.createProxy(props, settings, vpcSubnets);
      this.proxy = proxy.proxy;
      this.connections = proxy.connections;
      this.endpointForClients = new rds.Endpoint(proxy.proxy.endpoint, this.port);
      this.readEndpointForClients = new rds.Endpoint(proxy.readEndpoint ?? proxy.proxy.endpoint, this.port);
    } else {
      // The cluster's own Connections take the port from a GetAtt; the literal keeps rules readable.
      this.connections = new ec2.Connections({
        securityGroups: [this.securityGroup],
        defaultPort: ec2.Port.tcp(this.port),
      });
      this.endpointForClients = this.clusterEndpoint;
      this.readEndpointForClients = this.clusterReadEndpoint;
    }

    // Rotation of the master password.
    if (props.rotation) {
      this.rotation = this.cluster.addRotationSingleUser({
        automaticallyAfter: Duration.days(props.rotationIntervalDays ?? 30),
        vpcSubnets: this.rotationSubnets(props, vpcSubnets),
        endpoint: props.secretsManagerEndpoint,
      });
    }

    this.acknowledgeNagFindings(settings, generatedSecret, props.rotation ?? false);
  }

  /**
   * Grants `grantee` permission to connect as `dbUser` with IAM database authentication
   * (`rds-db:connect`) to the cluster.
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.cluster.grantConnect(grantee, dbUser);
  }

  // --- metrics --------------------------------------------------------------------------------

  /** CPU utilization of the writer, average per period (percent). */
  public metricWriterCpuUtilizationAveragePercent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('CPUUtilization', cloudwatch.Stats.AVERAGE, { Role: 'WRITER' }, props);
  }

  /** CPU utilization of the readers, average over readers and period (percent). */
  public metricReaderCpuUtilizationAveragePercent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('CPUUtilization', cloudwatch.Stats.AVERAGE, { Role: 'READER' }, props);
  }

  /** Client connections to the cluster's instances, average per period (count). */
  public metricDatabaseConnectionsAverageCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('DatabaseConnections', cloudwatch.Stats.AVERAGE, {}, props);
  }

  /** Largest replication lag of any reader behind the writer, maximum per period (milliseconds). */
  public metricReplicaLagMaximumMilliseconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('AuroraReplicaLagMaximum', cloudwatch.Stats.MAXIMUM, {}, props);
  }

  /** Freeable memory of the instances, minimum per period (bytes). */
  public metricFreeableMemoryMinimumBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('FreeableMemory', cloudwatch.Stats.MINIMUM, {}, props);
  }

  /** Disk read operations of the instances, average per period (count per second). */
  public metricReadIopsAverageCountPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('ReadIOPS', cloudwatch.Stats.AVERAGE, {}, props);
  }

  /** Disk write operations of the instances, average per period (count per second). */
  public metricWriteIopsAverageCountPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('WriteIOPS', cloudwatch.Stats.AVERAGE, {}, props);
  }

  /** Serverless v2 capacity of the instances, average per period (ACUs); empty for provisioned instances. */
  public metricServerlessCapacityAverageAcu(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('ServerlessDatabaseCapacity', cloudwatch.Stats.AVERAGE, {}, props);
  }

  /** Serverless v2 capacity used, relative to the maximum capacity, average per period (percent). */
  public metricServerlessCapacityUtilizationAveragePercent(
    props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return this.clusterMetric('ACUUtilization', cloudwatch.Stats.AVERAGE, {}, props);
  }

  private clusterMetric(
    metricName: string,
    statistic: string,
    extraDimensions: Record<string, string>,
    props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: { DBClusterIdentifier: this.cluster.clusterIdentifier, ...extraDimensions },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }

  // --- construction steps ---------------------------------------------------------------------

  private resolveSettings(props: AuroraDatabaseProps, profile: ProfileSettings): AuroraSettings {
    const replicaScalingMetric =
      props.replicaScalingMetric ?? ReplicaScalingMetric.READER_AVERAGE_CPU_UTILIZATION;
    const defaultTarget =
      replicaScalingMetric === ReplicaScalingMetric.READER_AVERAGE_CPU_UTILIZATION ? 60 : 500;
    const databaseInsightsMode = props.databaseInsightsMode ?? rds.DatabaseInsightsMode.STANDARD;
    return {
      databaseName: props.databaseName ?? 'app',
      masterUsername: props.masterUsername ?? 'dbadmin',
      clusterIdentifier: props.clusterIdentifier ?? this.defaultClusterIdentifier(),
      port: props.port ?? 5432,
      serverless: props.serverless ?? profile.auroraServerless,
      instanceType: props.instanceType ?? profile.auroraInstanceType,
      minCapacity: props.minCapacity ?? profile.auroraMinCapacity,
      maxCapacity: props.maxCapacity ?? profile.auroraMaxCapacity,
      readers: props.readers ?? profile.auroraReaders,
      maxReaders: props.maxReaders ?? profile.auroraMaxReaders,
      replicaScalingMetric,
      replicaScalingTargetValue: props.replicaScalingTargetValue ?? defaultTarget,
      backupRetentionDays: props.backupRetentionDays ?? profile.backupRetentionDays,
      preferredBackupWindow: props.preferredBackupWindow ?? '03:00-04:00',
      preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:04:30-sun:05:30',
      deletionProtection: props.deletionProtection ?? profile.deletionProtection,
      databaseInsightsMode,
      // Advanced Database Insights requires 15 months of Performance Insights data.
      performanceInsightRetention:
        databaseInsightsMode === rds.DatabaseInsightsMode.ADVANCED
          ? rds.PerformanceInsightRetention.MONTHS_15
          : rds.PerformanceInsightRetention.DEFAULT,
    };
  }

  /** Derives a valid, stable cluster identifier from the construct path and a hash of it. */
  private defaultClusterIdentifier(): string {
    const name = Names.uniqueResourceName(this, { maxLength: 60, separator: '-' })
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
    return /^[a-z]/.test(name) ? name : `db-${name}`;
  }

  private createCluster(
    props: AuroraDatabaseProps,
    profile: ProfileSettings,
    settings: AuroraSettings,
    vpcSubnets: ec2.SubnetSelection,
  ): rds.DatabaseCluster {
    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: AURORA_POSTGRES_ENGINE_VERSION });
    const parameterGroup = new rds.ParameterGroup(this, 'ClusterParameters', {
      engine,
      description: `Cluster parameters of ${this.node.path}: TLS required`,
      parameters: { 'rds.force_ssl': '1' },
    });
    const zones = placementZones(props.vpc.selectSubnets(vpcSubnets).availabilityZones, settings.readers);

    return new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: settings.clusterIdentifier,
      credentials: rds.Credentials.fromGeneratedSecret(settings.masterUsername),
      defaultDatabaseName: settings.databaseName,
      port: settings.port,
      vpc: props.vpc,
      vpcSubnets,
      securityGroups: [this.securityGroup],
      writer: this.createInstance('Writer', settings, zones.writer, 0),
      readers: zones.readers.map((zone, index) =>
        this.createInstance(`Reader${index + 1}`, settings, zone, index === 0 ? 1 : 2),
      ),
      serverlessV2MinCapacity: settings.serverless ? settings.minCapacity : undefined,
      serverlessV2MaxCapacity: settings.serverless ? settings.maxCapacity : undefined,
      parameterGroup,
      storageEncrypted: true,
      iamAuthentication: true,
      cloudwatchLogsExports: ['postgresql'],
      backup: {
        retention: Duration.days(settings.backupRetentionDays),
        preferredWindow: settings.preferredBackupWindow,
      },
      preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
      deletionProtection: settings.deletionProtection,
      removalPolicy: removalPolicyFor(profile, StatefulKind.SNAPSHOTTABLE),
      copyTagsToSnapshot: true,
      // Enhanced Monitoring: OS metrics of every instance each minute, beside Performance Insights.
      monitoringInterval: Duration.seconds(60),
      enablePerformanceInsights: true,
      databaseInsightsMode: settings.databaseInsightsMode,
      performanceInsightRetention: settings.performanceInsightRetention,
    });
  }

  /**
   * Creates the writer (tier 0) or a reader. The first reader gets promotion tier 1, so it is the
   * preferred failover target and, with Serverless v2, scales with the writer.
   */
  private createInstance(
    id: string,
    settings: AuroraSettings,
    availabilityZone: string | undefined,
    promotionTier: number,
  ): rds.IClusterInstance {
    // The instances repeat the cluster's Performance Insights settings, which CDK otherwise
    // reports as overridden.
    const performanceInsights = {
      enablePerformanceInsights: true,
      performanceInsightRetention: settings.performanceInsightRetention,
    };
    if (settings.serverless) {
      return rds.ClusterInstance.serverlessV2(id, {
        availabilityZone,
        scaleWithWriter: promotionTier <= 1,
        ...performanceInsights,
      });
    }
    return rds.ClusterInstance.provisioned(id, {
      instanceType: new ec2.InstanceType(settings.instanceType),
      availabilityZone,
      promotionTier,
      ...performanceInsights,
    });
  }

  private configureReplicaScaling(
    profile: ProfileSettings,
    settings: AuroraSettings,
  ): appscaling.ScalableTarget {
    const stack = Stack.of(this);
    // Application Auto Scaling uses its service-linked role for Aurora; naming it keeps CDK from
    // creating a role without permissions.
    const serviceLinkedRole = iam.Role.fromRoleArn(
      this,
      'ReaderScalingRole',
      stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName:
          'aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
      }),
    );
    const target = new appscaling.ScalableTarget(this, 'ReaderScaling', {
      serviceNamespace: appscaling.ServiceNamespace.RDS,
      scalableDimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${this.cluster.clusterIdentifier}`,
      minCapacity: settings.readers,
      maxCapacity: settings.maxReaders,
      role: serviceLinkedRole,
    });
    // Registering the target before the template's readers exist could let Aurora add its own
    // readers while CloudFormation is still creating them.
    for (let index = 1; index <= settings.readers; index++) {
      target.node.addDependency(this.cluster.node.findChild(`Reader${index}`));
    }
    target.scaleToTrackMetric('ReaderTracking', {
      predefinedMetric:
        settings.replicaScalingMetric === ReplicaScalingMetric.READER_AVERAGE_CPU_UTILIZATION
          ? appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION
          : appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
      targetValue: settings.replicaScalingTargetValue,
      scaleOutCooldown: Duration.minutes(5),
      scaleInCooldown: Duration.minutes(15),
    });

    if (removalPolicyFor(profile, StatefulKind.SNAPSHOTTABLE) === RemovalPolicy.DESTROY) {
      Annotations.of(this).addWarningV2(
        'cdk-scaleup:aurora-autoscaled-readers',
        `Replica autoscaling may add up to ${settings.maxReaders - settings.readers} readers that ` +
          'CloudFormation does not manage. With the destroy removal policy, deleting the stack fails while ' +
          'such readers exist: set maxReaders to 0 and wait for them to be removed before deleting the stack.',
      );
    }
    return target;
  }

  private createProxy(
    props: AuroraDatabaseProps,
    settings: AuroraSettings,
    vpcSubnets: ec2.SubnetSelection,
  ): { proxy: rds.DatabaseProxy; connections: ec2.Connections; readEndpoint?: string } {
    const securityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
      vpc: props.vpc,
      description: `RDS Proxy of ${this.node.path}`,
      allowAllOutbound: false,
    });
    // addProxy lets the proxy's security group reach the cluster on its port, and grants the
    // proxy's role read access to the secret.
    const proxy = this.cluster.addProxy('Proxy', {
      secrets: [this.secret],
      vpc: props.vpc,
      vpcSubnets,
      securityGroups: [securityGroup],
      requireTLS: true,
      iamAuth: false,
    });
    const readEndpoint =
      settings.readers > 0
        ? proxy.addEndpoint('ReadOnlyEndpoint', {
            vpc: props.vpc,
            vpcSubnets,
            securityGroups: [securityGroup],
            targetRole: rds.ProxyEndpointTargetRole.READ_ONLY,
          }).endpoint
        : undefined;
    const connections = new ec2.Connections({
      securityGroups: [securityGroup],
      defaultPort: ec2.Port.tcp(settings.port),
    });
    return { proxy, connections, readEndpoint };
  }

  private rotationSubnets(props: AuroraDatabaseProps, vpcSubnets: ec2.SubnetSelection): ec2.SubnetSelection {
    const subnets =
      props.rotationSubnets ??
      (props.secretsManagerEndpoint ? vpcSubnets : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
    checkRotationNetworkPath(this, props.vpc, subnets, props.secretsManagerEndpoint);
    return subnets;
  }

  private acknowledgeNagFindings(
    settings: AuroraSettings,
    generatedSecret: rds.DatabaseSecret,
    rotation: boolean,
  ): void {
    if (settings.port === 5432) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS11',
        reason:
          'The cluster listens on the PostgreSQL default port 5432; only the security groups of its clients may reach it, and another port would only break client defaults.',
      });
    }
    if (!settings.deletionProtection) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is off by choice (the dev profile, or deletionProtection: false) so that a short-lived environment can be deleted; the prod profile turns it on.',
      });
    }
    if (!rotation) {
      for (const id of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) {
        Validations.of(generatedSecret).acknowledge({
          id,
          reason:
            'Rotation of the master password is opt-in (rotation: true) because the rotation function needs a network path to Secrets Manager that not every VPC has.',
        });
      }
    }
    if (!settings.deletionProtection) {
      Validations.of(this).acknowledge({
        id: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
        reason:
          'Deletion protection is off by choice (the dev profile, or deletionProtection: false); in Aurora it is a cluster setting, which the prod profile turns on.',
      });
    }
    Validations.of(this).acknowledge({
      id: 'NIST.800.53.R5-RDSInBackupPlan',
      reason:
        'Aurora keeps continuous automated backups for backupRetentionDays and the prod profile snapshots the cluster on deletion; an AWS Backup plan for cross-account copies belongs to the account baseline.',
    });
    const monitoringRole = this.cluster.node.tryFindChild('MonitoringRole');
    if (monitoringRole) {
      Validations.of(monitoringRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason:
          'AmazonRDSEnhancedMonitoringRole is the policy AWS documents for Enhanced Monitoring; it allows only writing the RDSOSMetrics log group.',
      });
    }
    acknowledgeSecretAwsManagedKey(generatedSecret);
    acknowledgeLogGroupServiceEncryption(this.logGroup);
  }
}

/** Availability zones of the writer and of each reader: readers go to other zones than the writer. */
function placementZones(
  zones: string[],
  readers: number,
): { writer: string | undefined; readers: Array<string | undefined> } {
  if (zones.length < 2) {
    return { writer: undefined, readers: Array.from({ length: readers }, () => undefined) };
  }
  const others = zones.slice(1);
  return {
    writer: zones[0],
    readers: Array.from({ length: readers }, (_, index) => others[index % others.length]),
  };
}
