import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IWebMetrics } from '../core/tier-metrics';
import { acknowledgeInlinePolicies, acknowledgeLogGroupServiceEncryption } from '../core/acknowledgements';
import { ScaleUpValidationError } from '../core/errors';
import { ProfileSettings, Profiles } from '../core/profiles';
import { StatefulKind, removalPolicyFor } from '../core/removal';
import {
  checkAllowedValue,
  checkDurationRange,
  checkIntegerRange,
  checkMinNotAboveMax,
  checkResourceName,
} from '../core/validation';
import { checkFargateTaskSize } from './fargate-sizes';
import { LOAD_BALANCER_NAME_RULE, TARGET_GROUP_NAME_RULE } from './names';
import { addHttpsListeners } from './private/listeners';
import { validateHttpsProps } from './private/validate-https-props';
import { WebServiceProps } from './web-service-props';

/** Image served when none is given: public, so that the default app deploys as it is. */
export const DEFAULT_IMAGE_NAME = 'public.ecr.aws/nginx/nginx:stable';

/** Added to interval × healthy threshold for the default grace period, to cover container start-up. */
const GRACE_PERIOD_MARGIN = Duration.seconds(30);

const DEFAULT_HEALTH_CHECK: elbv2.HealthCheck = {
  path: '/',
  interval: Duration.seconds(15),
  timeout: Duration.seconds(5),
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 3,
  healthyHttpCodes: '200-399',
};

/** Application Load Balancer defaults, used when the health check leaves a field unset. */
const ALB_DEFAULT_INTERVAL = Duration.seconds(30);
const ALB_DEFAULT_HEALTHY_THRESHOLD = 5;

/**
 * The web tier: an Application Load Balancer in front of an autoscaling ECS Fargate service.
 *
 * The load balancer writes access logs to an encrypted, TLS-only bucket; with a certificate it
 * serves HTTPS and redirects HTTP. Tasks run in private subnets and accept traffic only from the
 * load balancer. With autoscaling on, the service template has no DesiredCount.
 */
export class WebService extends Construct implements ec2.IConnectable, IWebMetrics {
  /** The ECS cluster of the service. */
  public readonly cluster: ecs.ICluster;
  /** Task definition of the service. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The application container. */
  public readonly container: ecs.ContainerDefinition;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** Log group of the application container. */
  public readonly logGroup: logs.LogGroup;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** Bucket receiving the load balancer access logs. */
  public readonly accessLogBucket: s3.Bucket;
  /** Listener on port 80: forwards to the service without a certificate, redirects to HTTPS with one. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** Listener on port 443; undefined without a certificate. */
  public readonly httpsListener?: elbv2.ApplicationListener;
  /** Certificate of the HTTPS listener; undefined when the service serves plain HTTP. */
  public readonly certificate?: acm.ICertificate;
  /** Target group of the service's tasks. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Task-count scaling; undefined when autoscaling is off. */
  public readonly scaling?: ecs.ScalableTaskCount;
  /** Security groups of the tasks: allow the service to reach another tier through these. */
  public readonly connections: ec2.Connections;
  /** Base URL of the service: `https://` and the domain name (or the load balancer's DNS name) with a certificate, `http://` without. */
  public readonly url: string;
  /** Port the container listens on. */
  public readonly containerPort: number;
  /** Minimum task count. */
  public readonly minCapacity: number;
  /** Maximum task count. */
  public readonly maxCapacity: number;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const profile = props.profile ?? Profiles.DEV;
    this.validateProps(props, profile);

    this.containerPort = props.containerPort ?? 80;
    this.minCapacity = props.minCapacity ?? profile.minTasks;
    this.maxCapacity = props.maxCapacity ?? profile.maxTasks;
    const autoScaling = props.autoScaling ?? true;

    // Load balancer and its access logs.
    this.accessLogBucket = this.createAccessLogBucket(props, profile);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: props.internetFacing ?? true,
      vpcSubnets: {
        subnetType:
          (props.internetFacing ?? true) ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS,
      },
      loadBalancerName: props.loadBalancerName,
      http2Enabled: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: props.desyncMitigationMode ?? elbv2.DesyncMitigationMode.DEFENSIVE,
      deletionProtection: props.deletionProtection ?? profile.deletionProtection,
    });
    if (Token.isUnresolved(Stack.of(this).region)) {
      throw new ScaleUpValidationError(
        this,
        'env.region',
        'the stack has no region; give the stack env: { region } because the access-log bucket policy names ' +
          'the Elastic Load Balancing principal of that region',
      );
    }
    this.loadBalancer.logAccessLogs(this.accessLogBucket);

    // Cluster, task definition and container.
    this.cluster =
      props.cluster ??
      new ecs.Cluster(this, 'Cluster', {
        vpc: props.vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        enableFargateCapacityProviders: (props.fargateSpotWeight ?? 0) > 0,
      });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? profile.logRetention,
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? profile.taskCpu,
      memoryLimitMiB: props.memoryLimitMiB ?? profile.taskMemoryMiB,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.container = this.taskDefinition.addContainer('App', {
      image: props.image ?? ecs.ContainerImage.fromRegistry(DEFAULT_IMAGE_NAME),
      portMappings: [{ containerPort: this.containerPort, protocol: ecs.Protocol.TCP }],
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup: this.logGroup }),
    });

    // Service, in private subnets, reachable only from the load balancer.
    const healthCheck = { ...DEFAULT_HEALTH_CHECK, ...props.healthCheck };
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      desiredCount: autoScaling ? undefined : this.minCapacity,
      minHealthyPercent: props.minHealthyPercent ?? 100,
      maxHealthyPercent: props.maxHealthyPercent ?? 200,
      circuitBreaker: { enable: true, rollback: props.circuitBreakerRollback ?? true },
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? defaultGracePeriod(healthCheck),
      capacityProviderStrategies: this.capacityProviderStrategies(props.fargateSpotWeight ?? 0),
      enableExecuteCommand: false,
    });
    this.connections = this.service.connections;

    // Target group and listeners.
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      targetGroupName: props.targetGroupName,
      port: this.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck,
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
      targets: [
        this.service.loadBalancerTarget({
          containerName: this.container.containerName,
          containerPort: this.containerPort,
        }),
      ],
    });
    this.certificate = this.resolveCertificate(props);
    const listeners = this.createListeners(props, profile, healthCheck);
    this.httpListener = listeners.http;
    this.httpsListener = listeners.https;
    this.url = this.httpsListener
      ? `https://${props.domainName ?? this.loadBalancer.loadBalancerDnsName}`
      : `http://${this.loadBalancer.loadBalancerDnsName}`;

    // Autoscaling.
    if (autoScaling) {
      this.scaling = this.configureAutoScaling(props);
    }

    this.acknowledgeNagFindings(props.deletionProtection ?? profile.deletionProtection);
  }

  // --- metrics --------------------------------------------------------------------------------

  /** Requests the load balancer received for this service, summed per period (count). */
  public metricRequestCountSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.requestCount({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** HTTP 5xx responses returned by the tasks, summed per period (count). */
  public metricTarget5xxCountSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** HTTP 4xx responses returned by the tasks, summed per period (count). */
  public metricTarget4xxCountSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_4XX_COUNT, {
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** HTTP 4xx responses generated by the load balancer itself (malformed or rejected requests), summed (count). */
  public metricLoadBalancer4xxCountSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_4XX_COUNT, {
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** HTTP 5xx responses generated by the load balancer itself (no healthy target, timeouts), summed (count). */
  public metricLoadBalancer5xxCountSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** Target response time, 50th percentile (seconds). */
  public metricTargetResponseTimeP50Seconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(50), ...props });
  }

  /** Target response time, 90th percentile (seconds). */
  public metricTargetResponseTimeP90Seconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(90), ...props });
  }

  /** Target response time, 99th percentile (seconds). */
  public metricTargetResponseTimeP99Seconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(99), ...props });
  }

  /** Healthy tasks behind the load balancer, minimum over the period (count). */
  public metricHealthyHostCountMin(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /** Unhealthy tasks behind the load balancer, maximum over the period (count). */
  public metricUnhealthyHostCountMax(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Service CPU utilization, average over the tasks (percent). */
  public metricCpuUtilizationAveragePercent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricCpuUtilization({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Service memory utilization, average over the tasks (percent). */
  public metricMemoryUtilizationAveragePercent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricMemoryUtilization({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Running tasks, from Container Insights, average over the period (count). */
  public metricRunningTaskCountAverage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.containerInsightsMetric('RunningTaskCount', props);
  }

  /** Desired tasks, from Container Insights, average over the period (count). */
  public metricDesiredTaskCountAverage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.containerInsightsMetric('DesiredTaskCount', props);
  }

  private containerInsightsMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName,
      dimensionsMap: { ClusterName: this.cluster.clusterName, ServiceName: this.service.serviceName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
      ...props,
    });
  }

  // --- construction steps ---------------------------------------------------------------------

  private validateProps(props: WebServiceProps, profile: ProfileSettings): void {
    checkFargateTaskSize(this, props.cpu ?? profile.taskCpu, props.memoryLimitMiB ?? profile.taskMemoryMiB);
    checkIntegerRange(this, 'containerPort', props.containerPort, 1, 65535);

    const min = props.minCapacity ?? profile.minTasks;
    const max = props.maxCapacity ?? profile.maxTasks;
    checkIntegerRange(this, 'minCapacity', min, 1, 10000);
    checkIntegerRange(this, 'maxCapacity', max, 1, 10000);
    checkMinNotAboveMax(this, 'minCapacity', min, 'maxCapacity', max);
    for (const action of props.scheduledScaling ?? []) {
      checkIntegerRange(this, `scheduledScaling[${action.id}].minCapacity`, action.minCapacity, 1, 10000);
      checkIntegerRange(this, `scheduledScaling[${action.id}].maxCapacity`, action.maxCapacity, 1, 10000);
      checkMinNotAboveMax(
        this,
        `scheduledScaling[${action.id}].minCapacity`,
        action.minCapacity,
        `scheduledScaling[${action.id}].maxCapacity`,
        action.maxCapacity,
      );
    }
    checkIntegerRange(
      this,
      'targetCpuUtilizationPercent',
      props.targetCpuUtilizationPercent,
      10,
      90,
      'percent',
    );
    checkIntegerRange(
      this,
      'targetMemoryUtilizationPercent',
      props.targetMemoryUtilizationPercent,
      10,
      90,
      'percent',
    );
    checkIntegerRange(this, 'requestsPerTarget', props.requestsPerTarget, 0, 1_000_000);
    checkIntegerRange(this, 'fargateSpotWeight', props.fargateSpotWeight, 0, 1000);
    checkIntegerRange(this, 'minHealthyPercent', props.minHealthyPercent, 0, 100, 'percent');
    checkIntegerRange(this, 'maxHealthyPercent', props.maxHealthyPercent, 100, 400, 'percent');
    checkDurationRange(this, 'deregistrationDelay', props.deregistrationDelay, 0, 3600);
    checkIntegerRange(this, 'accessLogExpirationDays', props.accessLogExpirationDays, 1, 3650, 'days');

    checkResourceName(this, 'loadBalancerName', props.loadBalancerName, LOAD_BALANCER_NAME_RULE);
    checkResourceName(this, 'targetGroupName', props.targetGroupName, TARGET_GROUP_NAME_RULE);
    checkAllowedValue(this, 'desyncMitigationMode', props.desyncMitigationMode, [
      elbv2.DesyncMitigationMode.DEFENSIVE,
      elbv2.DesyncMitigationMode.STRICTEST,
    ]);

    this.validateGracePeriod(props);
    this.validateSubnets(props);
    this.warnAboutSecretLikeVariables(props.environment);

    validateHttpsProps(this, props);
    const allowHttpOnly = props.allowHttpOnly ?? profile.allowHttpOnly;
    if (!props.certificate && !props.domainName && !allowHttpOnly) {
      throw new ScaleUpValidationError(
        this,
        'certificate',
        `got none in the ${profile.name} profile; give a certificate (or domainName and hostedZone), or set allowHttpOnly: true to serve plain HTTP`,
      );
    }
  }

  /** Throws when the load balancer would get fewer than the 2 availability zones it requires. */
  private validateSubnets(props: WebServiceProps): void {
    const internetFacing = props.internetFacing ?? true;
    const subnets = internetFacing ? props.vpc.publicSubnets : props.vpc.privateSubnets;
    const zones = new Set(subnets.map((subnet) => subnet.availabilityZone));
    if (zones.size < 2) {
      throw new ScaleUpValidationError(
        this,
        'vpc',
        `got ${internetFacing ? 'public' : 'private'} subnets in ${zones.size} availability zone(s); an Application ` +
          'Load Balancer needs subnets in at least 2 zones, so give the VPC (maxAzs or availabilityZones) 2 or more',
      );
    }
  }

  /** Warns about plain environment variables whose names suggest a credential. */
  private warnAboutSecretLikeVariables(environment: Record<string, string> | undefined): void {
    const suspicious = Object.keys(environment ?? {}).filter((name) =>
      /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL/i.test(name),
    );
    if (suspicious.length > 0) {
      Annotations.of(this).addWarningV2(
        'cdk-scaleup:web-secret-in-environment',
        `The plain environment variables ${suspicious.join(', ')} look like credentials, and plain variables ` +
          'appear in the template; pass credentials through secrets (ECS secrets from Secrets Manager) instead.',
      );
    }
  }

  private validateGracePeriod(props: WebServiceProps): void {
    const grace = props.healthCheckGracePeriod;
    if (!grace || grace.isUnresolved()) {
      return;
    }
    const needed = timeToHealthy({ ...DEFAULT_HEALTH_CHECK, ...props.healthCheck });
    if (needed === undefined) {
      return;
    }
    if (grace.toSeconds() < needed.toSeconds()) {
      throw new ScaleUpValidationError(
        this,
        'healthCheckGracePeriod',
        `got ${grace.toSeconds()} seconds; a new task needs at least ${needed.toSeconds()} seconds ` +
          '(health check interval × healthy threshold) to pass its first health checks',
      );
    }
  }

  private createAccessLogBucket(props: WebServiceProps, profile: ProfileSettings): s3.Bucket {
    const expirationDays = props.accessLogExpirationDays ?? profile.accessLogExpirationDays;
    // The bucket is retained in every profile (StatefulKind.BUCKET): CloudFormation cannot delete
    // a bucket that still contains objects, and emptying it would need a custom resource.
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      // ALB access logs support only SSE-S3 encryption on the target bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: Duration.days(expirationDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: removalPolicyFor(profile, StatefulKind.BUCKET),
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the load balancer access logs; logging its own access would loop.',
    });
    return bucket;
  }

  private capacityProviderStrategies(spotWeight: number): ecs.CapacityProviderStrategy[] | undefined {
    if (spotWeight === 0 || Token.isUnresolved(spotWeight)) {
      return undefined;
    }
    return [
      { capacityProvider: 'FARGATE', base: this.minCapacity, weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: spotWeight },
    ];
  }

  private createListeners(
    props: WebServiceProps,
    profile: ProfileSettings,
    healthCheck: elbv2.HealthCheck,
  ): { http: elbv2.ApplicationListener; https?: elbv2.ApplicationListener } {
    if (!this.certificate) {
      Annotations.of(this).addWarningV2(
        'cdk-scaleup:web-http-only',
        `No certificate is given, so the load balancer serves plain HTTP on port 80 (profile ${profile.name}). ` +
          'Pass a certificate (or -c certificateArn=ARN to the default app) to serve HTTPS.',
      );
      const http = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: true,
        defaultTargetGroups: [this.targetGroup],
      });
      return { http };
    }

    return addHttpsListeners({
      loadBalancer: this.loadBalancer,
      targetGroup: this.targetGroup,
      certificate: this.certificate,
      sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.TLS13_12_PQ,
      authentication: props.authentication,
      healthCheckPath: healthCheck.path ?? '/',
    });
  }

  /** Returns the given certificate, or a DNS-validated one for `domainName` with an alias record. */
  private resolveCertificate(props: WebServiceProps): acm.ICertificate | undefined {
    if (!props.domainName || !props.hostedZone) {
      return props.certificate;
    }
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });
    new route53.ARecord(this, 'AliasRecord', {
      zone: props.hostedZone,
      recordName: props.domainName,
      target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
    });
    return certificate;
  }

  private configureAutoScaling(props: WebServiceProps): ecs.ScalableTaskCount {
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: this.minCapacity,
      maxCapacity: this.maxCapacity,
    });
    const cooldowns = {
      scaleInCooldown: props.scaleInCooldown ?? Duration.seconds(120),
      scaleOutCooldown: props.scaleOutCooldown ?? Duration.seconds(60),
    };
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: props.targetCpuUtilizationPercent ?? 60,
      ...cooldowns,
    });
    scaling.scaleOnMemoryUtilization('MemoryScaling', {
      targetUtilizationPercent: props.targetMemoryUtilizationPercent ?? 70,
      ...cooldowns,
    });
    const requestsPerTarget = props.requestsPerTarget ?? 1000;
    if (requestsPerTarget > 0) {
      scaling.scaleOnRequestCount('RequestScaling', {
        requestsPerTarget,
        targetGroup: this.targetGroup,
        ...cooldowns,
      });
    }
    for (const action of props.scheduledScaling ?? []) {
      scaling.scaleOnSchedule(action.id, {
        schedule: action.schedule,
        minCapacity: action.minCapacity,
        maxCapacity: action.maxCapacity,
      });
    }
    return scaling;
  }

  private acknowledgeNagFindings(deletionProtection: boolean): void {
    const listenerGroups = this.loadBalancer.connections.securityGroups;
    for (const group of listenerGroups) {
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The load balancer is the public entry point: its listener ports are open to every client, and WAF filters the traffic.',
      });
    }
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'Plain environment variables carry only non-secret configuration; credentials are passed as ECS secrets.',
    });

    acknowledgeInlinePolicies(this, 'The task role, the task execution role and the scaling role');

    if (!this.certificate) {
      for (const id of [
        'NIST.800.53.R5-ELBv2ACMCertificateRequired',
        'NIST.800.53.R5-ALBHttpToHttpsRedirection',
      ]) {
        Validations.of(this.loadBalancer).acknowledge({
          id,
          reason:
            'HTTP only was allowed explicitly (allowHttpOnly or the dev profile), and synth warns about it.',
        });
      }
    }
    if (!deletionProtection) {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled',
        reason:
          'Deletion protection was turned off explicitly (deletionProtection or the dev profile) so the stack can be torn down.',
      });
    }

    const bucketReasons: Record<string, string> = {
      'NIST.800.53.R5-S3BucketLoggingEnabled':
        'This bucket receives the access logs; logging its own access would loop.',
      'NIST.800.53.R5-S3DefaultEncryptionKMS':
        'Load balancer access logs can be delivered only to buckets encrypted with SSE-S3.',
      'NIST.800.53.R5-S3BucketVersioningEnabled':
        'Access logs are written once and expire by lifecycle rule; versions would only add cost.',
      'NIST.800.53.R5-S3BucketReplicationEnabled':
        'Access logs stay in the region of the load balancer; replicate them with an account-wide log archive if required.',
    };
    for (const [id, reason] of Object.entries(bucketReasons)) {
      Validations.of(this.accessLogBucket).acknowledge({ id, reason });
    }
    acknowledgeLogGroupServiceEncryption(this.logGroup);
  }
}

/** Minimum time a new task needs to pass the health check: interval × healthy threshold. */
function timeToHealthy(healthCheck: elbv2.HealthCheck): Duration | undefined {
  const interval = healthCheck.interval ?? ALB_DEFAULT_INTERVAL;
  const threshold = healthCheck.healthyThresholdCount ?? ALB_DEFAULT_HEALTHY_THRESHOLD;
  if (interval.isUnresolved() || Token.isUnresolved(threshold)) {
    return undefined;
  }
  return Duration.seconds(interval.toSeconds() * threshold);
}

function defaultGracePeriod(healthCheck: elbv2.HealthCheck): Duration {
  const needed = timeToHealthy(healthCheck);
  if (needed === undefined) {
    return Duration.seconds(120);
  }
  return Duration.seconds(needed.toSeconds() + GRACE_PERIOD_MARGIN.toSeconds());
}
