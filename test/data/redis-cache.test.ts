import { SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ProfileSettings, Profiles } from '../../lib/core/profiles';
import { CacheEngine, EvictionPolicy } from '../../lib/data/cache-engine';
import { RedisCache, RedisCacheOptions } from '../../lib/data/redis-cache';
import { Network } from '../../lib/network/network';
import { createTestStack } from '../helpers';

function build(options: RedisCacheOptions = {}, profile: ProfileSettings = Profiles.DEV) {
  const stack = createTestStack();
  const network = new Network(stack, 'Network', { profile });
  const cache = new RedisCache(stack, 'Cache', { vpc: network.vpc, profile, ...options });
  return { stack, network, cache };
}

function synth(options: RedisCacheOptions = {}, profile: ProfileSettings = Profiles.DEV) {
  const built = build(options, profile);
  return { ...built, template: Template.fromStack(built.stack) };
}

function expectInvalid(options: RedisCacheOptions, pattern: RegExp): void {
  expect(() => build(options)).toThrow(pattern);
}

const GROUP = 'AWS::ElastiCache::ReplicationGroup';

describe('RedisCache dev defaults', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth());
  });

  test('Redis OSS 7.1 on the smallest Graviton node with one replica', () => {
    template.hasResourceProperties(GROUP, {
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 2,
      Port: 6379,
    });
  });

  test('replica brings Multi-AZ and automatic failover', () => {
    template.hasResourceProperties(GROUP, { MultiAZEnabled: true, AutomaticFailoverEnabled: true });
  });

  test('encryption in transit and at rest', () => {
    template.hasResourceProperties(GROUP, {
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
    });
  });

  test('AUTH token is a dynamic reference to a generated secret', () => {
    template.hasResourceProperties(GROUP, {
      AuthToken: {
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: Match.stringLikeRegexp('^CacheAuthToken') },
            ':SecretString:::}}',
          ],
        ],
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  test('parameter group sets the eviction policy without cluster mode', () => {
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
      Properties: { 'maxmemory-policy': 'volatile-lru', 'cluster-enabled': 'no' },
    });
    template.hasResourceProperties(GROUP, {
      CacheParameterGroupName: { Ref: Match.stringLikeRegexp('^CacheParameters') },
    });
  });

  test('nodes sit in the isolated data subnets behind a security group without egress', () => {
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') },
        { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') },
      ],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'ElastiCache replication group of TestStack/Cache',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    template.hasResourceProperties(GROUP, {
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] }],
      CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^CacheSubnetGroup') },
    });
  });

  test('no snapshots, maintenance window set', () => {
    template.hasResourceProperties(GROUP, {
      SnapshotRetentionLimit: 0,
      SnapshotWindow: Match.absent(),
      PreferredMaintenanceWindow: 'sun:06:30-sun:07:30',
    });
  });

  test('slow log goes to a log group with retention', () => {
    template.hasResourceProperties(GROUP, {
      LogDeliveryConfigurations: [
        {
          LogType: 'slow-log',
          LogFormat: 'json',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: {
            CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('^CacheSlowLog') } },
          },
        },
      ],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('replication group and secret are deleted with the stack', () => {
    template.hasResource(GROUP, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });
});

describe('RedisCache prod defaults', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth({}, Profiles.PROD));
  });

  test('memory-optimised Graviton nodes with two replicas in several zones', () => {
    template.hasResourceProperties(GROUP, {
      CacheNodeType: 'cache.r7g.large',
      NumCacheClusters: 3,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
    });
  });

  test('15-day snapshots in their own window', () => {
    template.hasResourceProperties(GROUP, { SnapshotRetentionLimit: 15, SnapshotWindow: '05:00-06:00' });
  });

  test('replication group is snapshotted and secret retained on delete and replace', () => {
    template.hasResource(GROUP, { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('slow log is kept 3 months', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});

describe('RedisCache options', () => {
  test('Valkey uses its own version and family', () => {
    const { template } = synth({ engine: CacheEngine.VALKEY });
    template.hasResourceProperties(GROUP, { Engine: 'valkey', EngineVersion: '8.2' });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
    });
  });

  test('Redis OSS 6.2 uses the redis6.x family', () => {
    const { template } = synth({ engineVersion: '6.2' });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis6.x',
    });
  });

  test('cluster mode splits the keyspace over shards', () => {
    const { stack, cache, template } = synth({ clusterMode: true, shards: 3, replicas: 2 });
    template.hasResourceProperties(GROUP, {
      ClusterMode: 'enabled',
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 2,
      NumCacheClusters: Match.absent(),
      AutomaticFailoverEnabled: true,
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: Match.objectLike({ 'cluster-enabled': 'yes' }),
    });
    expect(stack.resolve(cache.host)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^CacheReplicationGroup/), 'ConfigurationEndPoint.Address'],
    });
  });

  test('cluster mode without replicas keeps the failover ElastiCache requires', () => {
    const { template } = synth({ clusterMode: true, replicas: 0 });
    template.hasResourceProperties(GROUP, { MultiAZEnabled: false, AutomaticFailoverEnabled: true });
  });

  test('without replicas Multi-AZ and failover are off', () => {
    const { template } = synth({ replicas: 0 });
    template.hasResourceProperties(GROUP, {
      NumCacheClusters: 1,
      MultiAZEnabled: false,
      AutomaticFailoverEnabled: false,
    });
  });

  test('primary endpoint is the host without cluster mode', () => {
    const { stack, cache } = build();
    expect(stack.resolve(cache.host)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^CacheReplicationGroup/), 'PrimaryEndPoint.Address'],
    });
  });

  test('eviction policy, node type, port and windows pass through', () => {
    const { template } = synth({
      evictionPolicy: EvictionPolicy.ALLKEYS_LFU,
      cacheNodeType: 'cache.r8g.xlarge',
      port: 6380,
      replicas: 5,
      snapshotRetentionDays: 35,
      snapshotWindow: '01:00-02:00',
      preferredMaintenanceWindow: 'tue:03:00-tue:04:00',
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: Match.objectLike({ 'maxmemory-policy': 'allkeys-lfu' }),
    });
    template.hasResourceProperties(GROUP, {
      CacheNodeType: 'cache.r8g.xlarge',
      Port: 6380,
      NumCacheClusters: 6,
      SnapshotRetentionLimit: 35,
      SnapshotWindow: '01:00-02:00',
      PreferredMaintenanceWindow: 'tue:03:00-tue:04:00',
    });
  });

  test('valid literal token is stored in the secret and passed by reference', () => {
    const { template } = synth({ authToken: SecretValue.unsafePlainText('Abcdefgh12345678!&#$^<>-') });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: 'Abcdefgh12345678!&#$^<>-',
      GenerateSecretString: Match.absent(),
    });
    template.hasResourceProperties(GROUP, {
      AuthToken: { 'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:'])] },
    });
  });

  test('token from another secret is not checked', () => {
    const { template } = synth({ authToken: SecretValue.secretsManager('shared/redis-token') });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: '{{resolve:secretsmanager:shared/redis-token:SecretString:::}}',
    });
  });
});

describe('RedisCache connections', () => {
  test('allowDefaultPortFrom opens the cache port', () => {
    const { stack, network, cache } = build();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
    cache.connections.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
    });
  });
});

describe('RedisCache metrics', () => {
  function resolveExpression(stack: Stack, metric: cloudwatch.IMetric) {
    const config = metric.toMetricConfig().mathExpression!;
    const dimensions = Object.entries(config.usingMetrics).map(([id, used]) => {
      const stat = used.toMetricConfig().metricStat!;
      return {
        id,
        name: stat.metricName,
        statistic: stat.statistic,
        dimensions: stack.resolve(stat.dimensions),
      };
    });
    return { expression: config.expression, metrics: dimensions };
  }

  test('node ids follow the replication group id', () => {
    const { stack, cache } = build();
    expect(cache.nodeIds().map((id) => stack.resolve(id))).toEqual([
      { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^CacheReplicationGroup/) }, '-001']] },
      { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^CacheReplicationGroup/) }, '-002']] },
    ]);
  });

  test('node ids in cluster mode carry the shard', () => {
    const { stack, cache } = build({ clusterMode: true, shards: 2, replicas: 1 });
    const suffixes = cache.nodeIds().map((id) => (stack.resolve(id)['Fn::Join'][1] as unknown[])[1]);
    expect(suffixes).toEqual(['-0001-001', '-0001-002', '-0002-001', '-0002-002']);
  });

  test('helpers aggregate the nodes with statistic and unit in their names', () => {
    const { stack, cache } = build();
    const cases: Array<[string, string, string, string]> = [
      ['metricCpuUtilizationMaximumPercent', 'MAX', 'CPUUtilization', 'Maximum'],
      ['metricEngineCpuUtilizationMaximumPercent', 'MAX', 'EngineCPUUtilization', 'Maximum'],
      ['metricMemoryUsageMaximumPercent', 'MAX', 'DatabaseMemoryUsagePercentage', 'Maximum'],
      ['metricCacheHitsSum', 'SUM', 'CacheHits', 'Sum'],
      ['metricCacheMissesSum', 'SUM', 'CacheMisses', 'Sum'],
      ['metricEvictionsSum', 'SUM', 'Evictions', 'Sum'],
      ['metricCurrentConnectionsSum', 'SUM', 'CurrConnections', 'Maximum'],
      ['metricReplicationLagMaximumSeconds', 'MAX', 'ReplicationLag', 'Maximum'],
    ];
    for (const [method, aggregate, metricName, statistic] of cases) {
      const metric = (cache as unknown as Record<string, () => cloudwatch.IMetric>)[method]();
      const resolved = resolveExpression(stack, metric);
      expect({ method, expression: resolved.expression }).toEqual({
        method,
        expression: `${aggregate}([node1,node2])`,
      });
      expect(resolved.metrics).toEqual([
        {
          id: 'node1',
          name: metricName,
          statistic,
          dimensions: [
            { name: 'CacheClusterId', value: { 'Fn::Join': ['', [expect.anything(), '-001']] } },
            { name: 'CacheNodeId', value: '0001' },
          ],
        },
        {
          id: 'node2',
          name: metricName,
          statistic,
          dimensions: [
            { name: 'CacheClusterId', value: { 'Fn::Join': ['', [expect.anything(), '-002']] } },
            { name: 'CacheNodeId', value: '0001' },
          ],
        },
      ]);
    }
  });

  test('hit rate divides hits by all lookups', () => {
    const { stack, cache } = build();
    const resolved = resolveExpression(stack, cache.metricCacheHitRatePercent());
    expect(resolved.expression).toBe(
      '100 * SUM([hits1,hits2]) / (SUM([hits1,hits2]) + SUM([misses1,misses2]))',
    );
    expect(resolved.metrics.map((metric) => [metric.id, metric.name, metric.statistic])).toEqual([
      ['hits1', 'CacheHits', 'Sum'],
      ['hits2', 'CacheHits', 'Sum'],
      ['misses1', 'CacheMisses', 'Sum'],
      ['misses2', 'CacheMisses', 'Sum'],
    ]);
  });
});

describe('RedisCache bad input', () => {
  test('replica count as a token', () => {
    expectInvalid(
      { replicas: Token.asNumber({ Ref: 'Replicas' }) },
      /invalid replicas: got a token; this count decides how many resources synth creates/,
    );
  });

  test('shard count as a token', () => {
    expectInvalid(
      { clusterMode: true, shards: Token.asNumber({ Ref: 'Shards' }) },
      /invalid shards: got a token; this count decides how many resources synth creates/,
    );
  });

  // Callers in other jsii languages can pass any string where TypeScript wants the enum.
  test('unknown engine', () => {
    expectInvalid(
      { engine: 'memcached' as CacheEngine },
      /invalid engine: got "memcached"; allowed values are /,
    );
  });

  test('unknown eviction policy', () => {
    expectInvalid(
      { evictionPolicy: 'random' as EvictionPolicy },
      /invalid evictionPolicy: got "random"; allowed values are /,
    );
  });

  test('Redis OSS version without slow-log delivery', () => {
    expectInvalid(
      { engineVersion: '5.0.6' },
      /TestStack\/Cache: invalid engineVersion: got "5.0.6" for engine redis; expected major.minor of Redis OSS 6.x or 7.x/,
    );
  });

  test('Valkey version before 7.2', () => {
    expectInvalid(
      { engine: CacheEngine.VALKEY, engineVersion: '6.2' },
      /invalid engineVersion: got "6.2" for engine valkey; expected major.minor of Valkey 7.2 or later/,
    );
  });

  test('node type without the cache. prefix', () => {
    expectInvalid(
      { cacheNodeType: 't4g.micro' },
      /invalid cacheNodeType: got "t4g.micro"; expected a node type with the "cache." prefix/,
    );
  });

  test('more than 5 replicas', () => {
    expectInvalid({ replicas: 6 }, /invalid replicas: got 6; must be an integer from 0 to 5/);
  });

  test('port 0', () => {
    expectInvalid({ port: 0 }, /invalid port: got 0; must be an integer from 1 to 65535/);
  });

  test('shards without cluster mode', () => {
    expectInvalid(
      { shards: 2 },
      /invalid shards\/clusterMode: shards is 2 but clusterMode is off; set clusterMode: true/,
    );
  });

  test('zero shards', () => {
    expectInvalid(
      { clusterMode: true, shards: 0 },
      /invalid shards: got 0; must be an integer from 1 to 500/,
    );
  });

  test('Multi-AZ or failover with zero replicas names both props', () => {
    expectInvalid(
      { replicas: 0, multiAzEnabled: true },
      /invalid multiAzEnabled\/automaticFailoverEnabled: replicas is 0 but multiAzEnabled is true and automaticFailoverEnabled is false; Multi-AZ and automatic failover need a replica to promote/,
    );
    expectInvalid(
      { replicas: 0, automaticFailoverEnabled: true },
      /invalid multiAzEnabled\/automaticFailoverEnabled: replicas is 0 but multiAzEnabled is false and automaticFailoverEnabled is true/,
    );
  });

  test('cluster mode without automatic failover', () => {
    expectInvalid(
      { clusterMode: true, automaticFailoverEnabled: false },
      /invalid automaticFailoverEnabled: got false with clusterMode on; ElastiCache requires automatic failover in cluster mode/,
    );
  });

  test('Multi-AZ without automatic failover', () => {
    expectInvalid(
      { multiAzEnabled: true, automaticFailoverEnabled: false },
      /invalid multiAzEnabled\/automaticFailoverEnabled: multiAzEnabled is true but automaticFailoverEnabled is false/,
    );
  });

  test('snapshot retention above 35 days', () => {
    expectInvalid(
      { snapshotRetentionDays: 36 },
      /invalid snapshotRetentionDays: got 36 days; must be an integer from 0 to 35 days/,
    );
  });

  test('malformed snapshot window', () => {
    expectInvalid(
      { snapshotWindow: '5-6' },
      /invalid snapshotWindow: got "5-6"; expected a UTC window in the format hh24:mi-hh24:mi/,
    );
  });

  test('maintenance window shorter than 60 minutes', () => {
    expectInvalid(
      { preferredMaintenanceWindow: 'sun:06:30-sun:07:00' },
      /invalid preferredMaintenanceWindow: got "sun:06:30-sun:07:00", which lasts 30 minutes; the window must last at least 60 minutes/,
    );
  });

  test('snapshot window overlapping the maintenance window', () => {
    expectInvalid(
      { snapshotRetentionDays: 1, snapshotWindow: '06:00-07:00' },
      /invalid snapshotWindow\/preferredMaintenanceWindow: snapshotWindow "06:00-07:00" overlaps preferredMaintenanceWindow "sun:06:30-sun:07:30"/,
    );
  });

  test('AUTH token with a rejected character never repeats the token', () => {
    const token = 'ValidLength@Token/"123';
    let message = '';
    try {
      build({ authToken: SecretValue.unsafePlainText(token) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /TestStack\/Cache: invalid authToken: got a literal token of 22 characters that breaks the ElastiCache AUTH token rules; the token may contain only letters, digits and ! & # \$ \^ < > -/,
    );
    expect(message).not.toContain(token);
    expect(message).not.toContain('ValidLength');
  });

  test('AUTH token shorter than 16 characters never repeats the token', () => {
    const token = 'Short1';
    let message = '';
    try {
      build({ authToken: SecretValue.unsafePlainText(token) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /invalid authToken: got a literal token of 6 characters that breaks the ElastiCache AUTH token rules; the token must be 16 to 128 characters long/,
    );
    expect(message).not.toContain(token);
  });

  test('engine version given as a token', () => {
    const stack = createTestStack();
    const network = new Network(stack, 'Network');
    const version = new ec2.CfnVPC(stack, 'Dummy', {}).attrCidrBlock;
    expect(() => new RedisCache(stack, 'Cache', { vpc: network.vpc, engineVersion: version })).toThrow(
      /invalid engineVersion: got a token; give the version as a literal/,
    );
  });
});
