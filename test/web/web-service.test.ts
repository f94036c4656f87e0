import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Profiles } from '../../lib/core/profiles';
import { Network } from '../../lib/network/network';
import { WebService } from '../../lib/web/web-service';
import { WebServiceOptions } from '../../lib/web/web-service-props';
import { createTestApp, createTestStack, EXAMPLE_CERTIFICATE_ARN } from '../helpers';

function build(options: WebServiceOptions = {}, stack: Stack = createTestStack()) {
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', { vpc: network.vpc, ...options });
  return { stack, web, template: Template.fromStack(stack) };
}

function certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Cert', EXAMPLE_CERTIFICATE_ARN);
}

describe('WebService load balancer', () => {
  test('defaults are internet-facing with hardened attributes', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'routing.http2.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
  });

  test('prod profile turns on deletion protection', () => {
    const prodStack = createTestStack();
    const network = new Network(prodStack, 'Network', { profile: Profiles.PROD });
    new WebService(prodStack, 'Web', {
      vpc: network.vpc,
      profile: Profiles.PROD,
      certificate: certificate(prodStack),
    });
    Template.fromStack(prodStack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    });
  });

  test('strictest desync mitigation is accepted', () => {
    const { template } = build({ desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
      ]),
    });
  });

  test('internal load balancer sits in private subnets', () => {
    const { template } = build({ internetFacing: false });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
  });

  test('access log bucket is encrypted, TLS-only and expires logs', () => {
    const { template } = build({ accessLogExpirationDays: 90 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })]),
      },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('access log bucket policy denies plain HTTP and lets ELB write', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            // 127311923021 is the Elastic Load Balancing account of us-east-1.
            Principal: { AWS: Match.stringLikeRegexp('127311923021') },
          }),
        ]),
      },
    });
  });

  test('without certificate serves HTTP and warns', () => {
    const { stack, template } = build();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    const warnings = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:warning')
      .map((entry) => String(entry.data));
    expect(warnings.some((text) => text.includes('serves plain HTTP on port 80'))).toBe(true);
  });

  test('with certificate serves HTTPS and redirects HTTP', () => {
    const stack = createTestStack();
    const { template } = build({ certificate: certificate(stack) }, stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: elbv2.SslPolicy.TLS13_12_PQ,
      Certificates: [{ CertificateArn: EXAMPLE_CERTIFICATE_ARN }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        {
          Type: 'redirect',
          RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
        },
      ],
    });
  });

  test('names are passed through', () => {
    const { template } = build({ loadBalancerName: 'shop-web', targetGroupName: 'shop-tasks' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Name: 'shop-web' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Name: 'shop-tasks' });
  });
});

describe('WebService target group', () => {
  test('defaults: IP targets, 30 s draining, health check, no stickiness', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 80,
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200-399' },
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
    const groups = template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup');
    const attributes = Object.values(groups)[0].Properties.TargetGroupAttributes as {
      Key: string;
      Value: string;
    }[];
    // Sessions live in Redis, so any task can serve any request.
    expect(attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'false' });
  });

  test('health check and deregistration delay are configurable', () => {
    const { template } = build({
      containerPort: 8080,
      healthCheck: { path: '/healthz', interval: Duration.seconds(10), healthyThresholdCount: 3 },
      deregistrationDelay: Duration.seconds(0),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 3,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }]),
    });
  });
});

describe('WebService task and service', () => {
  test('cluster has Container Insights', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  test('task definition uses the profile size, default image and an explicit log group', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          Image: 'public.ecr.aws/nginx/nginx:stable',
          PortMappings: [{ ContainerPort: 80, Protocol: 'tcp' }],
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  test('image, size, architecture, environment and secrets are configurable', () => {
    const stack = createTestStack();
    const secret = ecs.Secret.fromSsmParameter(
      // An imported parameter: nothing is created.
      ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Param', {
        parameterName: '/app/key',
      }),
    );
    const { template } = build(
      {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/httpd:2.4'),
        cpu: 2048,
        memoryLimitMiB: 16384,
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        environment: { LOG_LEVEL: 'info' },
        secrets: { API_KEY: secret },
      },
      stack,
    );
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '2048',
      Memory: '16384',
      RuntimePlatform: { CpuArchitecture: 'ARM64' },
      ContainerDefinitions: [
        Match.objectLike({
          Image: 'public.ecr.aws/docker/library/httpd:2.4',
          Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }],
          Secrets: [Match.objectLike({ Name: 'API_KEY' })],
        }),
      ],
    });
  });

  test('service runs in private subnets with circuit breaker and explicit health percentages', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      // interval 15 s × healthy threshold 2 + 30 s margin
      HealthCheckGracePeriodSeconds: 60,
    });
  });

  test('autoscaling leaves DesiredCount out of the template', () => {
    const { template } = build();
    const services = template.findResources('AWS::ECS::Service');
    expect(Object.values(services)[0].Properties.DesiredCount).toBeUndefined();
  });

  test('without autoscaling the service runs minCapacity tasks', () => {
    const { template } = build({ autoScaling: false, minCapacity: 2 });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2 });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('Fargate Spot weight adds a capacity provider strategy', () => {
    const { template } = build({ fargateSpotWeight: 3, minCapacity: 2 });
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 2, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
    });
  });

  test('explicit grace period and deployment percentages pass through', () => {
    const { template } = build({
      healthCheckGracePeriod: Duration.seconds(300),
      minHealthyPercent: 50,
      maxHealthyPercent: 150,
      circuitBreakerRollback: false,
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      HealthCheckGracePeriodSeconds: 300,
      DeploymentConfiguration: {
        MinimumHealthyPercent: 50,
        MaximumPercent: 150,
        DeploymentCircuitBreaker: { Enable: true, Rollback: false },
      },
    });
  });

  test('tasks accept traffic only from the load balancer', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      SourceSecurityGroupId: Match.anyValue(),
    });
  });
});

describe('WebService autoscaling', () => {
  test('profile bounds and three target-tracking policies', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 4,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
        TargetValue: 70,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 1000,
      }),
    });
  });

  test('cooldowns and targets pass through exactly', () => {
    const { template } = build({
      targetCpuUtilizationPercent: 45,
      scaleInCooldown: Duration.seconds(300),
      scaleOutCooldown: Duration.seconds(30),
      requestsPerTarget: 0,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 45,
        ScaleInCooldown: 300,
        ScaleOutCooldown: 30,
      },
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
  });

  test('scheduled actions change the bounds', () => {
    const { template } = build({
      minCapacity: 2,
      maxCapacity: 10,
      scheduledScaling: [
        { id: 'MorningPeak', schedule: appscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 6 },
      ],
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
      ScheduledActions: [
        Match.objectLike({
          ScheduledActionName: 'MorningPeak',
          Schedule: 'cron(0 8 * * ? *)',
          ScalableTargetAction: { MinCapacity: 6 },
        }),
      ],
    });
  });
});

describe('WebService warnings', () => {
  test('credential-like plain variables warn', () => {
    const { stack } = build({ environment: { DB_PASSWORD: 'x', LOG_LEVEL: 'info' } });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('DB_PASSWORD look like credentials'),
    );
    expect(warnings).toHaveLength(1);
  });
});

describe('WebService metrics', () => {
  test('helpers carry namespace, metric name and statistic', () => {
    const { web } = build();
    const cases = [
      [web.metricRequestCountSum(), 'AWS/ApplicationELB', 'RequestCount', 'Sum'],
      [web.metricTarget5xxCountSum(), 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum'],
      [web.metricLoadBalancer5xxCountSum(), 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'Sum'],
      [web.metricTarget4xxCountSum(), 'AWS/ApplicationELB', 'HTTPCode_Target_4XX_Count', 'Sum'],
      [web.metricLoadBalancer4xxCountSum(), 'AWS/ApplicationELB', 'HTTPCode_ELB_4XX_Count', 'Sum'],
      [web.metricTargetResponseTimeP50Seconds(), 'AWS/ApplicationELB', 'TargetResponseTime', 'p50'],
      [web.metricTargetResponseTimeP90Seconds(), 'AWS/ApplicationELB', 'TargetResponseTime', 'p90'],
      [web.metricTargetResponseTimeP99Seconds(), 'AWS/ApplicationELB', 'TargetResponseTime', 'p99'],
      [web.metricHealthyHostCountMin(), 'AWS/ApplicationELB', 'HealthyHostCount', 'Minimum'],
      [web.metricUnhealthyHostCountMax(), 'AWS/ApplicationELB', 'UnHealthyHostCount', 'Maximum'],
      [web.metricCpuUtilizationAveragePercent(), 'AWS/ECS', 'CPUUtilization', 'Average'],
      [web.metricMemoryUtilizationAveragePercent(), 'AWS/ECS', 'MemoryUtilization', 'Average'],
      [web.metricRunningTaskCountAverage(), 'ECS/ContainerInsights', 'RunningTaskCount', 'Average'],
      [web.metricDesiredTaskCountAverage(), 'ECS/ContainerInsights', 'DesiredTaskCount', 'Average'],
    ] as const;
    for (const [metric, namespace, name, statistic] of cases) {
      expect({ namespace: metric.namespace, name: metric.metricName, statistic: metric.statistic }).toEqual({
        namespace,
        name,
        statistic,
      });
    }
  });
});

describe('WebService bad input', () => {
  const path = /TestStack\/Web: invalid /;

  test.each([
    [256, 1024 * 3, /invalid memoryLimitMiB: got 3072 MiB with cpu 256; Fargate accepts 512, 1024, 2048 MiB/],
    [
      512,
      512,
      /invalid memoryLimitMiB: got 512 MiB with cpu 512; Fargate accepts 1024 to 4096 in steps of 1024/,
    ],
    [8192, 18432, /invalid memoryLimitMiB: got 18432 MiB with cpu 8192; .*16384 to 61440 in steps of 4096/],
    [300, 1024, /invalid cpu: got 300 CPU units; Fargate accepts 256, 512, 1024, 2048, 4096, 8192, 16384/],
  ])('invalid Fargate pair cpu %d memory %d', (cpu, memoryLimitMiB, message) => {
    expect(() => build({ cpu, memoryLimitMiB })).toThrow(message);
    expect(() => build({ cpu, memoryLimitMiB })).toThrow(path);
  });

  test('min above max tasks', () => {
    expect(() => build({ minCapacity: 5, maxCapacity: 2 })).toThrow(
      /TestStack\/Web: invalid minCapacity\/maxCapacity: minCapacity is 5 but maxCapacity is 2/,
    );
  });

  test('min below one task', () => {
    expect(() => build({ minCapacity: 0 })).toThrow(
      /TestStack\/Web: invalid minCapacity: got 0; must be an integer from 1 to 10000/,
    );
  });

  test('deregistration delay above 3600 seconds', () => {
    expect(() => build({ deregistrationDelay: Duration.seconds(3601) })).toThrow(
      /TestStack\/Web: invalid deregistrationDelay: got 3601 seconds; must be from 0 to 3600 seconds/,
    );
  });

  test('grace period shorter than the health check needs', () => {
    expect(() =>
      build({
        healthCheck: { interval: Duration.seconds(30), healthyThresholdCount: 5 },
        healthCheckGracePeriod: Duration.seconds(60),
      }),
    ).toThrow(/invalid healthCheckGracePeriod: got 60 seconds; a new task needs at least 150 seconds/);
  });

  test('load balancer name over 32 characters', () => {
    expect(() => build({ loadBalancerName: 'a'.repeat(33) })).toThrow(
      /invalid loadBalancerName: got "a{33}"; the name must be 1 to 32 characters long \(got 33\)/,
    );
  });

  test('load balancer name with invalid characters', () => {
    expect(() => build({ loadBalancerName: 'shop_web' })).toThrow(
      /invalid loadBalancerName: got "shop_web"; the name may contain only letters, digits and hyphens/,
    );
  });

  test('load balancer name ending with a hyphen', () => {
    expect(() => build({ loadBalancerName: 'shop-' })).toThrow(
      /invalid loadBalancerName: got "shop-"; the name must not start or end with a hyphen/,
    );
  });

  test('load balancer name starting with internal-', () => {
    expect(() => build({ loadBalancerName: 'internal-shop' })).toThrow(
      /invalid loadBalancerName: got "internal-shop"; the name must not start with "internal-"/,
    );
  });

  test('target group name over 32 characters', () => {
    expect(() => build({ targetGroupName: 't'.repeat(40) })).toThrow(
      /invalid targetGroupName: got "t{40}"; the name must be 1 to 32 characters long/,
    );
  });

  test('target group name starting with a hyphen', () => {
    expect(() => build({ targetGroupName: '-tasks' })).toThrow(
      /invalid targetGroupName: got "-tasks"; the name must not start or end with a hyphen/,
    );
  });

  test('target group name with invalid characters', () => {
    expect(() => build({ targetGroupName: 'tasks.v2' })).toThrow(
      /invalid targetGroupName: got "tasks.v2"; the name may contain only letters, digits and hyphens/,
    );
  });

  test('desync mitigation monitor is rejected', () => {
    expect(() => build({ desyncMitigationMode: elbv2.DesyncMitigationMode.MONITOR })).toThrow(
      /invalid desyncMitigationMode: got "monitor"; allowed values are "defensive", "strictest"/,
    );
  });

  test('missing certificate in prod without allowHttpOnly', () => {
    const stack = createTestStack();
    const network = new Network(stack, 'Network', { profile: Profiles.PROD });
    expect(() => new WebService(stack, 'Web', { vpc: network.vpc, profile: Profiles.PROD })).toThrow(
      /TestStack\/Web: invalid certificate: got none in the prod profile; .*allowHttpOnly: true/,
    );
  });

  test('prod without certificate is allowed with allowHttpOnly', () => {
    const stack = createTestStack();
    const network = new Network(stack, 'Network', { profile: Profiles.PROD });
    const web = new WebService(stack, 'Web', {
      vpc: network.vpc,
      profile: Profiles.PROD,
      allowHttpOnly: true,
    });
    expect(web.httpsListener).toBeUndefined();
  });

  test.each([
    [
      'targetCpuUtilizationPercent',
      { targetCpuUtilizationPercent: 95 },
      /got 95 percent; must be an integer from 10 to 90/,
    ],
    ['targetMemoryUtilizationPercent', { targetMemoryUtilizationPercent: 5 }, /got 5 percent/],
    ['requestsPerTarget', { requestsPerTarget: -1 }, /got -1; must be an integer from 0 to 1000000/],
    ['fargateSpotWeight', { fargateSpotWeight: 1001 }, /got 1001; must be an integer from 0 to 1000/],
    ['minHealthyPercent', { minHealthyPercent: 101 }, /got 101 percent; must be an integer from 0 to 100/],
    ['maxHealthyPercent', { maxHealthyPercent: 99 }, /got 99 percent; must be an integer from 100 to 400/],
    ['containerPort', { containerPort: 70000 }, /got 70000; must be an integer from 1 to 65535/],
    [
      'accessLogExpirationDays',
      { accessLogExpirationDays: 0 },
      /got 0 days; must be an integer from 1 to 3650/,
    ],
  ] as const)('%s out of range', (prop, options, message) => {
    expect(() => build(options as WebServiceOptions)).toThrow(new RegExp(`invalid ${prop}: `));
    expect(() => build(options as WebServiceOptions)).toThrow(message);
  });

  test('scheduled action min above max', () => {
    expect(() =>
      build({
        scheduledScaling: [
          {
            id: 'Night',
            schedule: appscaling.Schedule.rate(Duration.hours(1)),
            minCapacity: 3,
            maxCapacity: 2,
          },
        ],
      }),
    ).toThrow(
      /invalid scheduledScaling\[Night\].minCapacity\/scheduledScaling\[Night\].maxCapacity: scheduledScaling\[Night\].minCapacity is 3 but/,
    );
  });

  test('scheduled action min below one task', () => {
    expect(() =>
      build({
        scheduledScaling: [
          { id: 'Night', schedule: appscaling.Schedule.rate(Duration.hours(1)), minCapacity: 0 },
        ],
      }),
    ).toThrow(/invalid scheduledScaling\[Night\].minCapacity: got 0; must be an integer from 1 to 10000/);
  });

  test('scheduled action max above the limit', () => {
    expect(() =>
      build({
        scheduledScaling: [
          { id: 'Peak', schedule: appscaling.Schedule.rate(Duration.hours(1)), maxCapacity: 10001 },
        ],
      }),
    ).toThrow(/invalid scheduledScaling\[Peak\].maxCapacity: got 10001; must be an integer from 1 to 10000/);
  });

  test('VPC with a single availability zone', () => {
    const stack = createTestStack();
    const network = new Network(stack, 'Network', { maxAzs: 1 });
    expect(() => new WebService(stack, 'Web', { vpc: network.vpc })).toThrow(
      /TestStack\/Web: invalid vpc: got public subnets in 1 availability zone\(s\); an Application Load Balancer needs subnets in at least 2 zones/,
    );
  });

  test('stack without region is rejected', () => {
    const app = createTestApp();
    const stack = new Stack(app, 'NoRegion');
    const network = new Network(stack, 'Network');
    expect(() => new WebService(stack, 'Web', { vpc: network.vpc })).toThrow(
      /NoRegion\/Web: invalid env.region: the stack has no region/,
    );
  });
});
