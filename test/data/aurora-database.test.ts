import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ProfileSettings, Profiles } from '../../lib/core/profiles';
import {
  AURORA_POSTGRES_ENGINE_VERSION,
  AuroraDatabase,
  AuroraDatabaseOptions,
} from '../../lib/data/aurora-database';
import { ReplicaScalingMetric } from '../../lib/data/replica-scaling-metric';
import { Network } from '../../lib/network/network';
import { createTestStack } from '../helpers';

function build(options: AuroraDatabaseOptions = {}, profile: ProfileSettings = Profiles.DEV) {
  const stack = createTestStack();
  const network = new Network(stack, 'Network', { profile });
  const db = new AuroraDatabase(stack, 'Db', { vpc: network.vpc, profile, ...options });
  return { stack, network, db };
}

/** Builds and synthesizes; for tests that read the template. */
function synth(options: AuroraDatabaseOptions = {}, profile: ProfileSettings = Profiles.DEV) {
  const built = build(options, profile);
  return { ...built, template: Template.fromStack(built.stack) };
}

function expectInvalid(options: AuroraDatabaseOptions, pattern: RegExp, profile?: ProfileSettings): void {
  expect(() => build(options, profile)).toThrow(pattern);
}

describe('AuroraDatabase dev defaults', () => {
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    ({ template, stack } = synth());
  });

  test('engine version is the exported constant', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: AURORA_POSTGRES_ENGINE_VERSION.auroraPostgresFullVersion,
    });
    expect(AURORA_POSTGRES_ENGINE_VERSION.auroraPostgresMajorVersion).toMatch(/^1[67]$/);
  });

  test('cluster is encrypted, IAM-authenticated and exports the PostgreSQL log', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      EnableCloudwatchLogsExports: ['postgresql'],
      DatabaseName: 'app',
      MasterUsername: 'dbadmin',
      Port: 5432,
      CopyTagsToSnapshot: true,
    });
  });

  test('parameter group forces TLS', () => {
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: { 'rds.force_ssl': '1' },
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('^DbClusterParameters') },
    });
  });

  test('password comes from a generated secret by dynamic reference', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
        SecretStringTemplate: '{"username":"dbadmin"}',
      }),
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      MasterUserPassword: {
        'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:', ':SecretString:password::}}'])],
      },
    });
  });

  test('writer and one reader are Serverless v2 with the profile capacity', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
    });
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 2);
  });

  test('reader sits in another availability zone than the writer', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      PromotionTier: 0,
      AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      PromotionTier: 1,
      AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
    });
  });

  test('instances have Performance Insights and the cluster Database Insights standard', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      PerformanceInsightsEnabled: true,
      PerformanceInsightsRetentionPeriod: 7,
      DatabaseInsightsMode: 'standard',
    });
    template.allResourcesProperties('AWS::RDS::DBInstance', { EnablePerformanceInsights: true });
  });

  test('backups, windows and deletion protection follow the dev profile', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      BackupRetentionPeriod: 1,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      DeletionProtection: false,
    });
  });

  test('cluster and secret are deleted with the stack', () => {
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('log group is named after the cluster, with retention', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: Match.stringLikeRegexp('^teststack-db-[0-9a-f]{8}$'),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/aws/rds/cluster/teststack-db-[0-9a-f]{8}/postgresql$'),
      RetentionInDays: 7,
    });
    template.resourceCountIs('Custom::LogRetention', 0);
    template.hasResource('AWS::RDS::DBCluster', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^DbPostgresqlLogs')]),
    });
  });

  test('subnet group uses the isolated data subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') },
        { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') },
      ],
    });
  });

  test('security group allows no egress and no ingress by default', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Aurora cluster of TestStack/Db',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('no replica autoscaling, proxy or rotation', () => {
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  test('no warning annotations', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('AuroraDatabase prod defaults', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth({}, Profiles.PROD));
  });

  test('writer and two readers are provisioned Graviton instances', () => {
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.large' }, 3);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: Match.absent(),
    });
  });

  test('readers avoid the writer zone and the first reader is the failover target', () => {
    template.resourcePropertiesCountIs(
      'AWS::RDS::DBInstance',
      { AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } },
      1,
    );
    template.hasResourceProperties('AWS::RDS::DBInstance', { PromotionTier: 1 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { PromotionTier: 2 });
  });

  test('deletion protection, 14-day backups and 3-month log retention', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/aws/rds/cluster/'),
      RetentionInDays: 90,
    });
  });

  test('cluster is snapshotted and secret retained on delete and replace', () => {
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('replica autoscaling keeps 2 to 6 readers', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'rds',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      ResourceId: { 'Fn::Join': ['', ['cluster:', { Ref: Match.stringLikeRegexp('^DbCluster') }]] },
      MinCapacity: 2,
      MaxCapacity: 6,
      RoleARN: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            Match.stringLikeRegexp(
              'role/aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster$',
            ),
          ]),
        ],
      },
    });
  });

  test('scalable target depends on every reader of the template', () => {
    template.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      DependsOn: [Match.stringLikeRegexp('^DbClusterReader1'), Match.stringLikeRegexp('^DbClusterReader2')],
    });
  });

  test('replica autoscaling tracks reader CPU at 60 percent', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageCPUUtilization' },
        TargetValue: 60,
        ScaleInCooldown: 900,
        ScaleOutCooldown: 300,
      },
    });
  });
});

describe('AuroraDatabase options', () => {
  test('replica autoscaling can track connections', () => {
    const { template } = synth(
      {
        maxReaders: 4,
        replicaScalingMetric: ReplicaScalingMetric.READER_AVERAGE_DATABASE_CONNECTIONS,
        replicaScalingTargetValue: 800,
      },
      Profiles.PROD,
    );
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageDatabaseConnections' },
        TargetValue: 800,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MaxCapacity: 4 });
  });

  test('replica autoscaling with the destroy policy warns about unmanaged readers', () => {
    const { stack } = synth({ maxReaders: 3 });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Db',
      Match.stringLikeRegexp(
        'readers that CloudFormation does not manage.*\\[ack: cdk-scaleup:aurora-autoscaled-readers\\]',
      ),
    );
  });

  test('provisioned instances take the given type', () => {
    const { template } = synth({ serverless: false, instanceType: 'r8g.xlarge', readers: 0 });
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r8g.xlarge' }, 1);
  });

  test('medium burstable class is accepted', () => {
    const { template } = synth({ serverless: false, instanceType: 't4g.medium' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.t4g.medium' });
  });

  test('serverless capacity from 0 to 256 ACUs is accepted', () => {
    const { template } = synth({ minCapacity: 0, maxCapacity: 256 });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 256 },
    });
  });

  test('reader count, names, port, windows and retention pass through', () => {
    const { template } = synth({
      readers: 3,
      databaseName: 'orders_v2',
      masterUsername: 'owner',
      port: 5433,
      backupRetentionDays: 35,
      preferredBackupWindow: '22:00-23:30',
      preferredMaintenanceWindow: 'sat:01:00-sat:02:00',
      deletionProtection: true,
    });
    template.resourceCountIs('AWS::RDS::DBInstance', 4);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DatabaseName: 'orders_v2',
      MasterUsername: 'owner',
      Port: 5433,
      BackupRetentionPeriod: 35,
      PreferredBackupWindow: '22:00-23:30',
      PreferredMaintenanceWindow: 'sat:01:00-sat:02:00',
      DeletionProtection: true,
    });
  });

  test('cluster identifier names the log group', () => {
    const { template } = synth({ clusterIdentifier: 'orders-db' });
    template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterIdentifier: 'orders-db' });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/rds/cluster/orders-db/postgresql',
    });
  });

  test('advanced Database Insights keeps 15 months of data', () => {
    const { template } = synth({ databaseInsightsMode: rds.DatabaseInsightsMode.ADVANCED });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DatabaseInsightsMode: 'advanced',
      PerformanceInsightsRetentionPeriod: 465,
    });
  });

  test('token values skip the checks', () => {
    const lazyName = Lazy.string({ produce: () => 'from_token' });
    const { template } = synth({ databaseName: lazyName });
    template.hasResourceProperties('AWS::RDS::DBCluster', { DatabaseName: 'from_token' });
  });

  test('VPC without isolated subnets falls back to private subnets with a warning', () => {
    const stack = createTestStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    new AuroraDatabase(stack, 'Db', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') },
        { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') },
      ],
    });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Db',
      Match.stringLikeRegexp(
        'no isolated subnets.*\\[ack: cdk-scaleup:data-tier-without-isolated-subnets\\]',
      ),
    );
  });
});

describe('AuroraDatabase connections', () => {
  test('allowDefaultPortFrom opens the cluster port', () => {
    const { stack, network, db } = build();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
    db.connections.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
    });
  });

  test('without a proxy clients use the cluster endpoints', () => {
    const { stack, db } = build();
    expect(stack.resolve(db.endpointForClients.hostname)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DbCluster/), 'Endpoint.Address'],
    });
    expect(stack.resolve(db.readEndpointForClients.hostname)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DbCluster/), 'ReadEndpoint.Address'],
    });
    expect(db.connections.securityGroups).toEqual([db.securityGroup]);
  });
});

describe('AuroraDatabase proxy', () => {
  let template: Template;
  let stack: Stack;
  let db: AuroraDatabase;
  beforeAll(() => {
    ({ template, stack, db } = synth({ proxy: true }));
  });

  test('proxy requires TLS and sits in the data subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      VpcSubnetIds: [
        { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') },
        { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') },
      ],
    });
  });

  test('proxy security group may reach the cluster on its port', () => {
    // CDK writes these rules with the port attribute of the cluster endpoint.
    const clusterPort = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbCluster'), 'Endpoint.Port'] };
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: clusterPort,
      ToPort: clusterPort,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbProxySecurityGroup'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: clusterPort,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbProxySecurityGroup'), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbSecurityGroup'), 'GroupId'] },
    });
  });

  test('proxy role may read the secret', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^DbClusterSecretAttachment') },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^DbClusterProxyIAMRole') }],
    });
  });

  test('read-only endpoint serves the readers', () => {
    template.hasResourceProperties('AWS::RDS::DBProxyEndpoint', { TargetRole: 'READ_ONLY' });
  });

  test('clients connect to the proxy', () => {
    expect(stack.resolve(db.endpointForClients.hostname)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DbClusterProxy/), 'Endpoint'],
    });
    expect(stack.resolve(db.readEndpointForClients.hostname)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DbClusterProxyReadOnlyEndpoint/), 'Endpoint'],
    });
    expect(db.connections.securityGroups.map((group) => stack.resolve(group.securityGroupId))).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^DbProxySecurityGroup/), 'GroupId'] },
    ]);
    expect(db.connections.defaultPort?.toString()).toBe('5432');
  });

  test('without readers the proxy has no read-only endpoint', () => {
    const noReaders = synth({ proxy: true, readers: 0 });
    noReaders.template.resourceCountIs('AWS::RDS::DBProxyEndpoint', 0);
    expect(noReaders.stack.resolve(noReaders.db.readEndpointForClients.hostname)).toEqual(
      noReaders.stack.resolve(noReaders.db.endpointForClients.hostname),
    );
  });
});

describe('AuroraDatabase rotation', () => {
  test('rotation runs in private subnets with egress', () => {
    const { template } = synth({ rotation: true, rotationIntervalDays: 7 });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(7 days)' },
    });
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        vpcSubnetIds: {
          'Fn::Join': [
            '',
            [
              { Ref: Match.stringLikeRegexp('^NetworkVpcApplicationSubnet1') },
              ',',
              { Ref: Match.stringLikeRegexp('^NetworkVpcApplicationSubnet2') },
            ],
          ],
        },
      }),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbCluster'), 'Endpoint.Port'] },
      SourceSecurityGroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^DbClusterRotationSingleUserSecurityGroup'), 'GroupId'],
      },
    });
  });

  test('rotation through an interface endpoint runs in the data subnets', () => {
    const stack = createTestStack();
    const network = new Network(stack, 'Network');
    const endpoint = network.vpc.addInterfaceEndpoint('SecretsManager', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    new AuroraDatabase(stack, 'Db', { vpc: network.vpc, rotation: true, secretsManagerEndpoint: endpoint });
    Template.fromStack(stack).hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        vpcSubnetIds: {
          'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') }])],
        },
        endpoint: Match.anyValue(),
      }),
    });
  });
});

describe('AuroraDatabase metrics', () => {
  test('helpers carry metric name, statistic and dimensions', () => {
    const { stack, db } = build();
    const cluster = { Ref: expect.stringMatching(/^DbCluster/) };
    const cases: Array<[string, { metricName: string; statistic: string; role?: string }]> = [
      [
        'metricWriterCpuUtilizationAveragePercent',
        { metricName: 'CPUUtilization', statistic: 'Average', role: 'WRITER' },
      ],
      [
        'metricReaderCpuUtilizationAveragePercent',
        { metricName: 'CPUUtilization', statistic: 'Average', role: 'READER' },
      ],
      ['metricDatabaseConnectionsAverageCount', { metricName: 'DatabaseConnections', statistic: 'Average' }],
      [
        'metricReplicaLagMaximumMilliseconds',
        { metricName: 'AuroraReplicaLagMaximum', statistic: 'Maximum' },
      ],
      ['metricFreeableMemoryMinimumBytes', { metricName: 'FreeableMemory', statistic: 'Minimum' }],
      ['metricReadIopsAverageCountPerSecond', { metricName: 'ReadIOPS', statistic: 'Average' }],
      ['metricWriteIopsAverageCountPerSecond', { metricName: 'WriteIOPS', statistic: 'Average' }],
      [
        'metricServerlessCapacityAverageAcu',
        { metricName: 'ServerlessDatabaseCapacity', statistic: 'Average' },
      ],
      [
        'metricServerlessCapacityUtilizationAveragePercent',
        { metricName: 'ACUUtilization', statistic: 'Average' },
      ],
    ];
    for (const [method, expected] of cases) {
      const metric = (db as unknown as Record<string, () => import('aws-cdk-lib/aws-cloudwatch').Metric>)[
        method
      ]();
      expect({
        method,
        namespace: metric.namespace,
        name: metric.metricName,
        statistic: metric.statistic,
      }).toEqual({
        method,
        namespace: 'AWS/RDS',
        name: expected.metricName,
        statistic: expected.statistic,
      });
      const dimensions = stack.resolve(metric.dimensions);
      expect(dimensions).toEqual(
        expected.role
          ? { DBClusterIdentifier: cluster, Role: expected.role }
          : { DBClusterIdentifier: cluster },
      );
    }
  });
});

describe('AuroraDatabase bad input', () => {
  test('reader count as a token', () => {
    expectInvalid(
      { readers: Token.asNumber({ Ref: 'Readers' }) },
      /TestStack\/Db: invalid readers: got a token; this count decides how many resources synth creates/,
    );
  });

  test('maximum reader count as a token', () => {
    expectInvalid(
      { maxReaders: Token.asNumber({ Ref: 'MaxReaders' }) },
      /invalid maxReaders: got a token; this count decides how many resources synth creates/,
    );
  });

  // Callers in other jsii languages can pass any string where TypeScript wants the enum.
  test('unknown replica scaling metric', () => {
    expectInvalid(
      { replicaScalingMetric: 'IOPS' as ReplicaScalingMetric },
      /invalid replicaScalingMetric: got "IOPS"; allowed values are /,
      Profiles.PROD,
    );
  });

  test('database name starting with a digit', () => {
    expectInvalid(
      { databaseName: '1orders' },
      /TestStack\/Db: invalid databaseName: got "1orders"; the name may contain only letters, digits and underscores, starting with a letter/,
    );
  });

  test('database name over 63 characters', () => {
    expectInvalid(
      { databaseName: 'a'.repeat(64) },
      /invalid databaseName: got "a{64}"; the name must be 1 to 63 characters long \(got 64\)/,
    );
  });

  test('master user name with a hyphen', () => {
    expectInvalid(
      { masterUsername: 'db-admin' },
      /invalid masterUsername: got "db-admin"; the name may contain only letters, digits and underscores/,
    );
  });

  test('cluster identifier with uppercase letters', () => {
    expectInvalid(
      { clusterIdentifier: 'Orders' },
      /invalid clusterIdentifier: got "Orders"; the name may contain only lowercase letters, digits and hyphens/,
    );
  });

  test('cluster identifier with two consecutive hyphens', () => {
    expectInvalid(
      { clusterIdentifier: 'orders--db' },
      /invalid clusterIdentifier: got "orders--db"; the name must not contain two consecutive hyphens/,
    );
  });

  test('port below 1150', () => {
    expectInvalid({ port: 80 }, /invalid port: got 80; must be an integer from 1150 to 65535/);
  });

  test('burstable class smaller than medium names the smallest allowed class', () => {
    expectInvalid(
      { serverless: false, instanceType: 't4g.micro' },
      /invalid instanceType: got "t4g.micro"; Aurora PostgreSQL offers burstable classes from medium up, so the smallest allowed class of this family is "t4g.medium" \(db.t4g.medium\)/,
    );
  });

  test('instance type with the db. prefix', () => {
    expectInvalid(
      { serverless: false, instanceType: 'db.r7g.large' },
      /invalid instanceType: got "db.r7g.large"; give the instance type without the "db." prefix/,
    );
  });

  test('malformed instance type', () => {
    expectInvalid(
      { serverless: false, instanceType: 'large' },
      /invalid instanceType: got "large"; expected an instance type such as "r7g.large"/,
    );
  });

  test('capacity off the 0.5 ACU step', () => {
    expectInvalid(
      { minCapacity: 0.25 },
      /invalid minCapacity: got 0.25 ACUs; Aurora Serverless v2 capacity must be from 0 to 256 ACUs in steps of 0.5/,
    );
  });

  test('maximum capacity above 256 ACUs', () => {
    expectInvalid(
      { maxCapacity: 512 },
      /invalid maxCapacity: got 512 ACUs; Aurora Serverless v2 capacity must be from 1 to 256 ACUs in steps of 0.5/,
    );
  });

  test('minimum capacity above maximum', () => {
    expectInvalid(
      { minCapacity: 8, maxCapacity: 4 },
      /invalid minCapacity\/maxCapacity: minCapacity is 8 but maxCapacity is 4; minCapacity must be less than or equal to maxCapacity/,
    );
  });

  test('more than 15 readers', () => {
    expectInvalid({ readers: 16 }, /invalid readers: got 16; must be an integer from 0 to 15/);
  });

  test('more than 15 autoscaled readers', () => {
    expectInvalid({ maxReaders: 20 }, /invalid maxReaders: got 20; must be an integer from 0 to 15/);
  });

  test('replica autoscaling without a reader in the template', () => {
    expectInvalid(
      { readers: 0, maxReaders: 3 },
      /invalid readers\/maxReaders: readers is 0 but maxReaders is 3; replica autoscaling needs at least 1 reader in the template/,
    );
  });

  test('more template readers than the autoscaling maximum', () => {
    expectInvalid(
      { readers: 4, maxReaders: 2 },
      /invalid readers\/maxReaders: readers is 4 but maxReaders is 2; readers must be less than or equal to maxReaders/,
    );
  });

  test('CPU target above 90 percent', () => {
    expectInvalid(
      { maxReaders: 3, replicaScalingTargetValue: 95 },
      /invalid replicaScalingTargetValue: got 95 percent; must be an integer from 10 to 90 percent/,
    );
  });

  test('backup retention of 0 days', () => {
    expectInvalid(
      { backupRetentionDays: 0 },
      /invalid backupRetentionDays: got 0 days; must be an integer from 1 to 35 days/,
    );
  });

  test('malformed backup window', () => {
    expectInvalid(
      { preferredBackupWindow: '3:00-4:00' },
      /invalid preferredBackupWindow: got "3:00-4:00"; expected a UTC window in the format hh24:mi-hh24:mi/,
    );
  });

  test('backup window shorter than 30 minutes', () => {
    expectInvalid(
      { preferredBackupWindow: '03:00-03:15' },
      /invalid preferredBackupWindow: got "03:00-03:15", which lasts 15 minutes; the window must last at least 30 minutes/,
    );
  });

  test('malformed maintenance window', () => {
    expectInvalid(
      { preferredMaintenanceWindow: 'sunday:04:00-sunday:05:00' },
      /invalid preferredMaintenanceWindow: got "sunday:04:00-sunday:05:00"; expected a UTC window in the format ddd:hh24:mi-ddd:hh24:mi/,
    );
  });

  test('backup window overlapping the maintenance window', () => {
    expectInvalid(
      { preferredBackupWindow: '04:00-05:00', preferredMaintenanceWindow: 'wed:04:30-wed:05:30' },
      /invalid preferredBackupWindow\/preferredMaintenanceWindow: preferredBackupWindow "04:00-05:00" overlaps preferredMaintenanceWindow "wed:04:30-wed:05:30"/,
    );
  });

  test('rotation interval above 365 days', () => {
    expectInvalid(
      { rotation: true, rotationIntervalDays: 400 },
      /invalid rotationIntervalDays: got 400 days; must be an integer from 1 to 365 days/,
    );
  });

  test('rotation in isolated subnets without an endpoint', () => {
    expectInvalid(
      { rotation: true, rotationSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
      /invalid rotationSubnets: got 2 of 2 subnets without a route through NAT; the rotation function would have no network path to Secrets Manager; .*secretsManagerEndpoint/,
    );
  });

  test('rotation in a VPC without egress and without an endpoint', () => {
    const stack = createTestStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(() => new AuroraDatabase(stack, 'Db', { vpc, rotation: true })).toThrow(
      /invalid rotation: got true, but the VPC has no private subnets with egress and no secretsManagerEndpoint is given/,
    );
  });
});
