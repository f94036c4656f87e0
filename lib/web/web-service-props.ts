import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ProfileSettings } from '../core/profiles';
import { ListenerAuthentication } from './authentication';

/** A scheduled change of the service's task-count bounds, for known daily or weekly peaks. */
export interface ScheduledTaskScaling {
  /** Construct id of the scheduled action; unique within the service. */
  readonly id: string;
  /** When the action runs, for example `Schedule.cron({ hour: '8', minute: '0' })` (UTC). */
  readonly schedule: appscaling.Schedule;
  /**
   * New minimum task count.
   * @default - unchanged
   */
  readonly minCapacity?: number;
  /**
   * New maximum task count.
   * @default - unchanged
   */
  readonly maxCapacity?: number;
}

/** Options of {@link WebService} that {@link ScalableWebApp} passes through unchanged. */
export interface WebServiceOptions {
  // --- container ---------------------------------------------------------------------------

  /**
   * Container image: from a registry (`ContainerImage.fromRegistry`), an ECR repository
   * (`fromEcrRepository`) or a local Dockerfile directory (`fromAsset`, built at deploy time,
   * so synth needs no Docker).
   * @default - the public nginx image `public.ecr.aws/nginx/nginx:stable`, which serves port 80
   */
  readonly image?: ecs.ContainerImage;

  /**
   * Port the container listens on (1–65535), also the port of the target group. Changing it
   * replaces the target group.
   * @default 80
   */
  readonly containerPort?: number;

  /**
   * Plain environment variables of the container. Never put credentials here: use `secrets`.
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Environment variables resolved by ECS from Secrets Manager or SSM Parameter Store at task start.
   * @default - none
   */
  readonly secrets?: Record<string, ecs.Secret>;

  /**
   * Task CPU, in CPU units (1024 = 1 vCPU). Fargate accepts 256, 512, 1024, 2048, 4096, 8192, 16384.
   * @default - the profile's `taskCpu` (dev 256, prod 1024)
   */
  readonly cpu?: number;

  /**
   * Task memory, in MiB; must be a size Fargate accepts with `cpu`.
   * @default - the profile's `taskMemoryMiB` (dev 512, prod 2048)
   */
  readonly memoryLimitMiB?: number;

  /**
   * CPU architecture of the tasks; the image must be built for it.
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Retention of the container log group.
   * @default - the profile's `logRetention` (dev 1 week, prod 3 months)
   */
  readonly logRetention?: logs.RetentionDays;

  // --- service and deployment ---------------------------------------------------------------

  /**
   * Existing ECS cluster to run the service in.
   * @default - a new cluster with Container Insights
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Weight of Fargate Spot in the capacity provider strategy (0–1000). The first `minCapacity`
   * tasks always run on regular Fargate; above that, tasks are split by weight (regular Fargate has
   * weight 1). 0 runs every task on regular Fargate.
   * @default 0
   */
  readonly fargateSpotWeight?: number;

  /**
   * Whether the deployment circuit breaker rolls a failed deployment back.
   * @default true
   */
  readonly circuitBreakerRollback?: boolean;

  /**
   * Lower bound of running tasks during a deployment, in percent of the desired count (0–100).
   * @default 100
   */
  readonly minHealthyPercent?: number;

  /**
   * Upper bound of running tasks during a deployment, in percent of the desired count (100–400).
   * @default 200
   */
  readonly maxHealthyPercent?: number;

  /**
   * Time after a task starts during which failed load balancer health checks are ignored.
   * It must be at least the health check interval × healthy threshold, or a new task could be
   * stopped before it can ever be healthy.
   * @default - health check interval × healthy threshold + 30 seconds
   */
  readonly healthCheckGracePeriod?: Duration;

  // --- load balancer ------------------------------------------------------------------------

  /**
   * TLS certificate of the HTTPS listener. With it, port 443 serves HTTPS and port 80 redirects
   * to it; without it, port 80 serves plain HTTP and synth warns.
   * @default - no certificate: HTTP only (allowed only when `allowHttpOnly` is true)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Domain name to serve, for example `shop.example.com`. With `hostedZone`, the construct creates
   * a DNS-validated certificate for it and an alias record pointing to the load balancer.
   * Not allowed together with `certificate`.
   * @default - none
   */
  readonly domainName?: string;

  /**
   * Route 53 hosted zone that contains `domainName`; required with `domainName`.
   * @default - none
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Authentication on the HTTPS listener (OIDC or Amazon Cognito); needs a certificate or a domain name.
   * @default - none: every request is forwarded
   */
  readonly authentication?: ListenerAuthentication;

  /**
   * Whether the service may run without a certificate, serving plain HTTP.
   * @default - the profile's `allowHttpOnly` (dev true, prod false)
   */
  readonly allowHttpOnly?: boolean;

  /**
   * TLS security policy of the HTTPS listener.
   * @default elbv2.SslPolicy.TLS13_12_PQ (`ELBSecurityPolicy-TLS13-1-2-PQ-2025-09`: TLS 1.3 and 1.2 with
   *   post-quantum hybrid key exchange, the policy aws-cdk-lib recommends behind its
   *   `usePostQuantumTlsPolicy` feature flag)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Whether the load balancer has public addresses. Changing it replaces the load balancer, which
   * gets a new DNS name.
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * Name of the load balancer: at most 32 letters, digits and hyphens, no hyphen at either end,
   * not starting with `internal-`. Changing it replaces the load balancer, which gets a new DNS name.
   * @default - generated by CloudFormation
   */
  readonly loadBalancerName?: string;

  /**
   * Name of the target group, with the load balancer name rules except the `internal-` prefix.
   * Changing it replaces the target group.
   * @default - generated by CloudFormation
   */
  readonly targetGroupName?: string;

  /**
   * Treatment of requests that may be used for HTTP desync attacks.
   * MONITOR is rejected because it lets such requests through.
   * @default elbv2.DesyncMitigationMode.DEFENSIVE
   */
  readonly desyncMitigationMode?: elbv2.DesyncMitigationMode;

  /**
   * Whether the load balancer has deletion protection.
   * @default - the profile's `deletionProtection` (dev false, prod true)
   */
  readonly deletionProtection?: boolean;

  /**
   * Days after which access logs are deleted from the access log bucket (1–3650).
   * @default - the profile's `accessLogExpirationDays` (dev 30, prod 365)
   */
  readonly accessLogExpirationDays?: number;

  /**
   * Health check of the target group.
   * @default - HTTP GET `/` every 15 seconds, timeout 5 seconds, 2 successes to become healthy,
   *   3 failures to become unhealthy, codes 200–399
   */
  readonly healthCheck?: elbv2.HealthCheck;

  /**
   * Time the load balancer lets in-flight requests finish before a deregistered task is stopped
   * (0–3600 seconds).
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  // --- autoscaling --------------------------------------------------------------------------

  /**
   * Whether the task count is managed by Application Auto Scaling. When true the service
   * template carries no DesiredCount, so a deploy never resets the running count.
   * When false the service runs `minCapacity` tasks.
   * @default true
   */
  readonly autoScaling?: boolean;

  /**
   * Minimum task count (at least 1).
   * @default - the profile's `minTasks` (dev 1, prod 3)
   */
  readonly minCapacity?: number;

  /**
   * Maximum task count (at least `minCapacity`).
   * @default - the profile's `maxTasks` (dev 4, prod 30)
   */
  readonly maxCapacity?: number;

  /**
   * Target average CPU utilization, in percent (10–90).
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * Target average memory utilization, in percent (10–90).
   * @default 70
   */
  readonly targetMemoryUtilizationPercent?: number;

  /**
   * Target number of load balancer requests per task per minute (1–1,000,000); 0 turns the
   * request-count policy off.
   * @default 1000
   */
  readonly requestsPerTarget?: number;

  /**
   * Time after a scale-in before another scale-in may start.
   * @default Duration.seconds(120)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * Time after a scale-out before another scale-out may start.
   * @default Duration.seconds(60)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Scheduled changes of the task-count bounds.
   * @default - none
   */
  readonly scheduledScaling?: ScheduledTaskScaling[];
}

/** Props of {@link WebService}. */
export interface WebServiceProps extends WebServiceOptions {
  /** VPC of the load balancer (public subnets) and of the tasks (private subnets with egress). */
  readonly vpc: ec2.IVpc;

  /**
   * Profile that supplies the defaults.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;
}
