import { Annotations, Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeInlinePolicies, acknowledgeLogGroupServiceEncryption } from '../core/acknowledgements';
import { IQueueMetrics, IWorkerMetrics } from '../core/tier-metrics';
import { WorkerEnvironment } from '../../lambda/environment';
import { ScaleUpValidationError } from '../core/errors';
import { ProfileSettings, Profiles } from '../core/profiles';
import { StatefulKind, removalPolicyFor } from '../core/removal';
import {
  defaultVisibilityTimeout,
  maxVisibilityTimeout,
  stopBeforeTimeout,
  toEnvironmentName,
} from './private/derived-settings';
import { ensureInterfaceEndpoints } from './private/interface-endpoints';
import { WORKER_BUNDLE_FILE, WorkerBundleError, workerBundleDirectory } from './private/worker-bundle';
import {
  checkVisibilityTimeout,
  deadLetterQueueName,
  SqsLimits,
  validateWorkerQueueProps,
} from './validate-worker-queue-props';
import { WorkerQueueDefaults } from './worker-queue-defaults';
import { InterfaceEndpointMode, WorkerQueueProps, WorkerRunTaskTarget } from './worker-queue-props';

/**
 * The asynchronous tier: an SQS queue with a dead-letter queue, and the Lambda worker that
 * consumes it.
 *
 * Both queues are encrypted and accept only TLS. After `maxReceiveCount` failed deliveries a
 * message moves to the dead-letter queue, from which it can be redriven to the queue. The worker
 * reports failures per message (partial batch responses), runs each job once per idempotency key
 * when given a Redis store, and is throttled by the event source's maximum concurrency.
 */
export class WorkerQueue extends Construct implements ec2.IConnectable, IQueueMetrics, IWorkerMetrics {
  /** CloudWatch namespace of the worker's EMF metrics (JobsProcessed, JobsFailed, ...). */
  public static readonly METRICS_NAMESPACE = 'CdkScaleUp/Worker';

  /** The queue the app sends jobs to. */
  public readonly queue: sqs.Queue;
  /** Queue of messages that failed `maxReceiveCount` deliveries. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The worker function. */
  public readonly function: lambda.Function;
  /** Execution role of the worker. */
  public readonly role: iam.Role;
  /** Log group of the worker. */
  public readonly logGroup: logs.LogGroup;
  /** Event source mapping from the queue to the worker. */
  public readonly eventSource: SqsEventSource;
  /** Customer managed key of both queues; undefined unless `encryption` is `KMS`. */
  public readonly encryptionKey?: kms.IKey;
  /** Visibility timeout of the queue. */
  public readonly visibilityTimeout: Duration;
  /** Deliveries of a message before it moves to the dead-letter queue. */
  public readonly maxReceiveCount: number;
  /**
   * Name of the environment variable under which the app should pass the queue URL to a service,
   * for example `QUEUE_URL_REPORT_JOBS` for a construct with id `ReportJobs`.
   */
  public readonly environmentVariableName: string;
  /** Security groups of the tasks that `ecs.run-task` starts; undefined without `runTask`. */
  public readonly runTaskConnections?: ec2.Connections;

  private readonly workerConnections?: ec2.Connections;
  private readonly serviceName: string;

  constructor(scope: Construct, id: string, props: WorkerQueueProps = {}) {
    super(scope, id);
    validateWorkerQueueProps(this, props);
    const profile = props.profile ?? Profiles.DEV;
    const fifo = props.fifo ?? false;
    const timeout = props.timeout ?? WorkerQueueDefaults.TIMEOUT;
    const recommendedVisibilityTimeout = defaultVisibilityTimeout(timeout, props.maxBatchingWindow);
    checkVisibilityTimeout(this, props.visibilityTimeout, timeout, recommendedVisibilityTimeout);

    this.visibilityTimeout =
      props.visibilityTimeout ?? recommendedVisibilityTimeout ?? maxVisibilityTimeout();
    this.maxReceiveCount = props.maxReceiveCount ?? WorkerQueueDefaults.MAX_RECEIVE_COUNT;
    this.environmentVariableName = `QUEUE_URL_${toEnvironmentName(id)}`;
    this.serviceName = Names.uniqueResourceName(this, { maxLength: 64 });

    // Queues.
    this.encryptionKey = this.createEncryptionKey(props, profile);
    const names = this.queueNames(props, fifo);
    this.deadLetterQueue = this.createDeadLetterQueue(props, profile, fifo, names);
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: names.queue,
      fifo: fifo || undefined,
      contentBasedDeduplication: props.contentBasedDeduplication,
      encryption: props.encryption ?? sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? WorkerQueueDefaults.RETENTION_PERIOD,
      visibilityTimeout: this.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });

    // Network.
    if (props.vpc) {
      this.workerConnections = new ec2.Connections({
        securityGroups: props.securityGroups ?? [this.createWorkerSecurityGroup(props.vpc)],
      });
      ensureInterfaceEndpoints(this, {
        vpc: props.vpc,
        subnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        services: this.awsServicesCalled(props),
        mode: props.interfaceEndpoints ?? InterfaceEndpointMode.REQUIRE,
      });
    }

    // Worker function.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? profile.logRetention,
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });
    this.role = this.createRole(props);
    this.function = this.createFunction(props, timeout);

    // Event source.
    this.eventSource = new SqsEventSource(this.queue, {
      batchSize: props.batchSize ?? WorkerQueueDefaults.BATCH_SIZE,
      maxBatchingWindow: props.maxBatchingWindow,
      reportBatchItemFailures: true,
      maxConcurrency: props.maxConcurrency ?? WorkerQueueDefaults.MAX_CONCURRENCY,
    });
    this.function.addEventSource(this.eventSource);

    // Run-task target.
    if (props.runTask) {
      this.runTaskConnections = this.configureRunTask(props.runTask);
    }

    this.addAdvice(props);
    this.acknowledgeNagFindings(props);
  }

  /** Security groups of the worker; only a worker in a VPC has them. */
  public get connections(): ec2.Connections {
    if (!this.workerConnections) {
      throw new ScaleUpValidationError(
        this,
        'vpc',
        'got none, so the worker has no security group to connect; give vpc to let it reach Redis or Aurora',
      );
    }
    return this.workerConnections;
  }

  /** URL of the queue, to pass to the service under {@link environmentVariableName}. */
  public get queueUrl(): string {
    return this.queue.queueUrl;
  }

  /** Lets `grantee` (for example the service's task role) send messages to the queue. */
  public grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantSendMessages(grantee);
  }

  // --- metrics --------------------------------------------------------------------------------

  /** Messages waiting in the queue, maximum over the period (count). */
  public metricVisibleMessagesMaxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateNumberOfMessagesVisible({
      statistic: cloudwatch.Stats.MAXIMUM,
      ...props,
    });
  }

  /** Age of the oldest message in the queue, maximum over the period (seconds). */
  public metricOldestMessageAgeMaxSeconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Messages in the dead-letter queue, maximum over the period (count). */
  public metricDeadLetterMessagesMaxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      statistic: cloudwatch.Stats.MAXIMUM,
      ...props,
    });
  }

  /** Worker invocations, summed over the period (count). */
  public metricInvocationsSumCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricInvocations({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Worker invocations that ended in an error (crash, timeout, whole batch failed), summed (count). */
  public metricErrorsSumCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Throttled worker invocations, summed over the period (count). */
  public metricThrottlesSumCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Worker invocation duration, 99th percentile (milliseconds). */
  public metricDurationP99Milliseconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricDuration({ statistic: cloudwatch.Stats.p(99), ...props });
  }

  /** Concurrent worker executions, maximum over the period (count). */
  public metricConcurrentExecutionsMaxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Failed jobs of one job type, from the worker's EMF metrics, summed over the period (count). */
  public metricJobsFailedSumCount(jobType: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: WorkerQueue.METRICS_NAMESPACE,
      metricName: 'JobsFailed',
      // Powertools Metrics adds the service name as a dimension of every metric.
      dimensionsMap: { service: this.serviceName, JobType: jobType },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  // --- construction steps ---------------------------------------------------------------------

  private createEncryptionKey(props: WorkerQueueProps, profile: ProfileSettings): kms.IKey | undefined {
    if (props.encryption !== sqs.QueueEncryption.KMS) {
      return undefined;
    }
    return (
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `Encrypts the messages of ${this.node.path}`,
        enableKeyRotation: true,
        // With DESTROY, CloudFormation schedules the key's deletion after the KMS waiting period
        // (PendingWindowInDays, 30 days by default) instead of deleting it at once.
        removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
      })
    );
  }

  /**
   * Physical names of both queues. The dead-letter queue's redrive allow policy names the queue's
   * ARN, and the queue's redrive policy names the dead-letter queue's ARN. A generated name lets
   * the first be written without a reference, which would make the two resources depend on each
   * other.
   */
  private queueNames(props: WorkerQueueProps, fifo: boolean): { queue: string; deadLetter: string } {
    const fifoSuffix = fifo ? '.fifo' : '';
    const queue =
      props.queueName ??
      `${Names.uniqueResourceName(this, { maxLength: SqsLimits.QUEUE_NAME_MAX_LENGTH - 4 - fifoSuffix.length })}${fifoSuffix}`;
    return { queue, deadLetter: deadLetterQueueName(queue, fifo) };
  }

  private createDeadLetterQueue(
    props: WorkerQueueProps,
    profile: ProfileSettings,
    fifo: boolean,
    names: { queue: string; deadLetter: string },
  ): sqs.Queue {
    const sourceQueue = sqs.Queue.fromQueueAttributes(this, 'SourceQueueReference', {
      queueArn: Stack.of(this).formatArn({ service: 'sqs', resource: names.queue }),
      queueName: names.queue,
      fifo,
    });
    return new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: names.deadLetter,
      fifo: fifo || undefined,
      encryption: props.encryption ?? sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: WorkerQueueDefaults.DEAD_LETTER_RETENTION_PERIOD,
      // Only the worker's queue may use this queue as its dead-letter queue, and a redrive
      // (StartMessageMoveTask) moves messages back to it.
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [sourceQueue],
      },
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });
  }

  private createWorkerSecurityGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Worker of ${this.node.path}`,
      allowAllOutbound: false,
    });
    // AWS APIs (Secrets Manager, ECS) through NAT or interface endpoints. Further ports, such as
    // Redis and PostgreSQL, are opened by the app through `connections`.
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs over HTTPS');
    return group;
  }

  /** AWS services the worker calls from inside the VPC. */
  private awsServicesCalled(props: WorkerQueueProps): ec2.InterfaceVpcEndpointAwsService[] {
    const services: ec2.InterfaceVpcEndpointAwsService[] = [];
    if (props.redis?.authToken) {
      services.push(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    }
    if (props.runTask) {
      services.push(ec2.InterfaceVpcEndpointAwsService.ECS);
    }
    return services;
  }

  private createRole(props: WorkerQueueProps): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Worker of ${this.node.path}`,
    });
    // Writing to its own log group only, instead of AWSLambdaBasicExecutionRole's logs:* on every group.
    this.logGroup.grantWrite(role);
    props.redis?.authToken?.grantRead(role);
    if (props.vpc) {
      role.addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
    }
    return role;
  }

  private createFunction(props: WorkerQueueProps, timeout: Duration): lambda.Function {
    const common: lambda.FunctionOptions = {
      description: `Worker of ${this.node.path}`,
      architecture: lambda.Architecture.ARM_64,
      timeout,
      memorySize: props.memorySize ?? WorkerQueueDefaults.MEMORY_SIZE,
      logGroup: this.logGroup,
      tracing: props.tracing ?? lambda.Tracing.DISABLED,
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: props.vpc
        ? (props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS })
        : undefined,
      securityGroups: this.workerConnections?.securityGroups,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      paramsAndSecrets: props.redis?.authToken
        ? lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103)
        : undefined,
      environment: { ...props.environment, ...this.workerEnvironment(props, timeout) },
    };
    // The newest Node.js runtime that CloudFormation validation (cdk.json turns on
    // @aws-cdk/core:validateAgainstDefaultRules) accepts without a deprecation finding.
    // NOTE: CDK 2.278 still points NODEJS_LATEST at nodejs24.x, the newest runtime available
    // in every region; pass `runtime` where nodejs26.x is not yet offered.
    const runtime = props.runtime ?? lambda.Runtime.NODEJS_26_X;

    if (props.entry) {
      return new nodejs.NodejsFunction(this, 'Function', {
        ...common,
        runtime,
        entry: props.entry,
        handler: props.handler ?? 'handler',
        bundling: {
          forceDockerBundling: false,
          minify: true,
          sourceMap: false,
          target: 'node22',
        },
      });
    }

    let bundleDirectory: string;
    try {
      bundleDirectory = workerBundleDirectory();
    } catch (error) {
      if (error instanceof WorkerBundleError) {
        throw new ScaleUpValidationError(
          this,
          'entry',
          `got none, and the built-in worker is unavailable: ${error.message}`,
        );
      }
      throw error;
    }
    return new lambda.Function(this, 'Function', {
      ...common,
      runtime,
      code: lambda.Code.fromAsset(bundleDirectory),
      handler: `${WORKER_BUNDLE_FILE.replace(/\.js$/, '')}.handler`,
    });
  }

  private workerEnvironment(props: WorkerQueueProps, timeout: Duration): Record<string, string> {
    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: this.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: WorkerQueue.METRICS_NAMESPACE,
      [WorkerEnvironment.STOP_BEFORE_TIMEOUT_MS]: String(stopBeforeTimeout(props, timeout).toMilliseconds()),
      [WorkerEnvironment.IDEMPOTENCY_TTL_SECONDS]: String(
        (props.idempotencyTtl ?? WorkerQueueDefaults.IDEMPOTENCY_TTL).toSeconds(),
      ),
      // Stable across deployments, unlike the generated function name.
      [WorkerEnvironment.IDEMPOTENCY_KEY_PREFIX]: Names.uniqueId(this),
    };
    const redis = props.redis;
    if (redis) {
      environment[WorkerEnvironment.REDIS_HOST] = redis.host;
      environment[WorkerEnvironment.REDIS_PORT] = String(redis.port ?? WorkerQueueDefaults.REDIS_PORT);
      environment[WorkerEnvironment.REDIS_TLS] = String(redis.tls ?? true);
      if (redis.authToken) {
        environment[WorkerEnvironment.REDIS_AUTH_TOKEN_SECRET_ARN] = redis.authToken.secretArn;
      }
      if (redis.authTokenField) {
        environment[WorkerEnvironment.REDIS_AUTH_TOKEN_SECRET_FIELD] = redis.authTokenField;
      }
    }
    return environment;
  }

  private configureRunTask(target: WorkerRunTaskTarget): ec2.Connections {
    const vpc = target.cluster.vpc;
    const securityGroups = target.securityGroups ?? [
      new ec2.SecurityGroup(this, 'RunTaskSecurityGroup', {
        vpc,
        description: `Tasks started by the worker of ${this.node.path}`,
        allowAllOutbound: true,
      }),
    ];
    const subnetIds = vpc.selectSubnets(
      target.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ).subnetIds;

    this.function.addEnvironment(WorkerEnvironment.CLUSTER_ARN, target.cluster.clusterArn);
    this.function.addEnvironment(
      WorkerEnvironment.TASK_DEFINITION_ARN,
      target.taskDefinition.taskDefinitionArn,
    );
    this.function.addEnvironment(WorkerEnvironment.CONTAINER_NAME, target.containerName);
    this.function.addEnvironment(WorkerEnvironment.SUBNETS, subnetIds.join(','));
    this.function.addEnvironment(
      WorkerEnvironment.SECURITY_GROUPS,
      securityGroups.map((group) => group.securityGroupId).join(','),
    );

    // RunTask on this task definition in this cluster only, and PassRole on its two roles only.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: [target.taskDefinition.taskDefinitionArn],
        conditions: { ArnEquals: { 'ecs:cluster': target.cluster.clusterArn } },
      }),
    );
    const executionRole = target.taskDefinition.obtainExecutionRole();
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [target.taskDefinition.taskRole.roleArn, executionRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    return new ec2.Connections({ securityGroups });
  }

  private addAdvice(props: WorkerQueueProps): void {
    if (props.reservedConcurrentExecutions !== undefined) {
      Annotations.of(this).addWarningV2(
        'cdk-scaleup:worker-reserved-concurrency',
        `reservedConcurrentExecutions is ${props.reservedConcurrentExecutions}. Lambda keeps a minimum of unreserved ` +
          'concurrency for the other functions in the account (100 according to the Lambda developer guide), so the ' +
          'deploy fails in accounts with a low concurrency quota. maxConcurrency throttles the worker without a reservation.',
      );
    }
    if (!props.redis) {
      Annotations.of(this).addWarningV2(
        'cdk-scaleup:worker-no-idempotency',
        'No redis store is given, so the worker runs every delivery of a message: a redelivered message repeats its effect. ' +
          'Give redis to record completed jobs.',
      );
    }
  }

  private acknowledgeNagFindings(props: WorkerQueueProps): void {
    acknowledgeInlinePolicies(this, 'The worker role');
    acknowledgeLogGroupServiceEncryption(this.logGroup);
    Validations.of(this.function).acknowledge({
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        "The worker is invoked only by its SQS event source, never asynchronously; failed messages go to the queue's dead-letter queue.",
    });
    if (props.reservedConcurrentExecutions === undefined) {
      Validations.of(this.function).acknowledge({
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason:
          "The event source's maxConcurrency caps the worker; reserved concurrency is left out because it can fail deploys in accounts with a low concurrency quota.",
      });
    }
    if (props.vpc) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'Lambda needs the network interface permissions of this AWS managed policy to attach the worker to the VPC; ' +
          'AWS maintains the action list.',
      });
    }
    if ((props.tracing ?? lambda.Tracing.DISABLED) !== lambda.Tracing.DISABLED) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
      });
    }
  }
}
