import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { WorkerQueue } from './async/worker-queue';
import { WorkerQueueProps } from './async/worker-queue-props';
import { ScaleUpValidationError } from './core/errors';
import { NameRule, checkResourceName } from './core/validation';
import { Observability, ObservabilityOptions } from './observability/observability';
import { ProfileSettings, Profiles } from './core/profiles';
import { AuroraDatabase, AuroraDatabaseOptions } from './data/aurora-database';
import { RedisCache, RedisCacheOptions } from './data/redis-cache';
import { Network, NetworkProps } from './network/network';
import { WebFirewall, WebFirewallOptions } from './security/web-firewall';
import { WebService } from './web/web-service';
import { WebServiceOptions } from './web/web-service-props';

/**
 * Names of the environment variables and ECS secrets through which {@link ScalableWebApp} passes
 * the data-tier endpoints and credentials to the service.
 */
export class DataTierVariables {
  /** Host of the database writer: the RDS Proxy when there is one, the cluster's writer endpoint otherwise. */
  public static readonly DATABASE_WRITER_HOST = 'DATABASE_WRITER_HOST';
  /** Host of the database readers: the proxy's read-only endpoint, or the cluster's reader endpoint. */
  public static readonly DATABASE_READER_HOST = 'DATABASE_READER_HOST';
  /** Port of the database (and the proxy). */
  public static readonly DATABASE_PORT = 'DATABASE_PORT';
  /** Name of the application database. */
  public static readonly DATABASE_NAME = 'DATABASE_NAME';
  /** Master user name, an ECS secret read from the `username` field of the database secret. */
  public static readonly DATABASE_USERNAME = 'DATABASE_USERNAME';
  /** Master password, an ECS secret read from the `password` field of the database secret. */
  public static readonly DATABASE_PASSWORD = 'DATABASE_PASSWORD';
  /** Host of the cache: the primary endpoint, or the configuration endpoint in cluster mode. */
  public static readonly REDIS_HOST = 'REDIS_HOST';
  /** Port of the cache. */
  public static readonly REDIS_PORT = 'REDIS_PORT';
  /** Always `true`: the cache accepts TLS connections only. */
  public static readonly REDIS_TLS = 'REDIS_TLS';
  /** `true` when the cache runs in cluster mode, so clients must use the Redis Cluster protocol. */
  public static readonly REDIS_CLUSTER_MODE = 'REDIS_CLUSTER_MODE';
  /** ARN of the database secret, given to workers, which read it from Secrets Manager themselves. */
  public static readonly DATABASE_SECRET_ARN = 'DATABASE_SECRET_ARN';
  /** AUTH token of the cache, an ECS secret read from the whole secret string. */
  public static readonly REDIS_AUTH_TOKEN = 'REDIS_AUTH_TOKEN';
}

/** A queue and its worker in a {@link ScalableWebApp}. */
export interface WorkerDefinition {
  /**
   * Name of the worker: 1–40 lowercase letters, digits and hyphens, starting with a letter and
   * unique in the app. It is the construct ID, so renaming it replaces the queue.
   */
  readonly name: string;

  /**
   * Options of the queue and worker; the app sets `vpc`, `profile`, `redis` and `runTask`.
   * @default - the WorkerQueue defaults
   */
  readonly options?: WorkerQueueProps;
}

/** Name rule of a {@link WorkerDefinition}. */
const WORKER_NAME_RULE: NameRule = {
  maxLength: 40,
  pattern: /^[a-z][a-z0-9-]*$/,
  patternDescription: 'lowercase letters, digits and hyphens, starting with a letter',
  noEdgeHyphen: true,
};

/** Props of {@link ScalableWebApp}. */
export interface ScalableWebAppProps {
  /**
   * Profile that supplies every tier's defaults.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;

  /**
   * Existing VPC to place every tier in.
   * @default - a new VPC built by {@link Network}
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Options of a new VPC; not allowed together with `vpc`.
   * @default - the profile's network defaults
   */
  readonly network?: NetworkProps;

  /**
   * Options of the web tier (load balancer and Fargate service). Its `environment` and `secrets`
   * are passed to the container together with the data-tier variables of
   * {@link DataTierVariables}, which they must not set.
   * @default - the profile's web defaults
   */
  readonly web?: WebServiceOptions;

  /**
   * Whether a WAFv2 web ACL protects the load balancer.
   * @default true
   */
  readonly firewallEnabled?: boolean;

  /**
   * Options of the web ACL; ignored when `firewallEnabled` is false.
   * @default - rate limit of 2000 requests per client IP per 5 minutes and the AWS managed
   *   common, known-bad-inputs, IP reputation and SQL injection rule groups
   */
  readonly firewall?: WebFirewallOptions;

  /**
   * Queues with their worker functions, by name. The service may send to each queue and receives
   * its URL in `QUEUE_URL_<NAME>`. Each worker reaches the cache (for idempotency records) and
   * the database, and may start the service's task definition for long jobs.
   * @default - one worker queue named `jobs`
   */
  readonly workers?: WorkerDefinition[];

  /**
   * Options of the dashboard, alarms and alarm topic.
   * @default - alarms on every tier and SLO burn-rate alarms at 99.9 % availability, without email subscriptions
   */
  readonly observability?: ObservabilityOptions;

  /**
   * Options of the database tier (Aurora PostgreSQL).
   * @default - the profile's database defaults
   */
  readonly database?: AuroraDatabaseOptions;

  /**
   * Options of the cache tier (ElastiCache for Redis OSS or Valkey).
   * @default - the profile's cache defaults
   */
  readonly cache?: RedisCacheOptions;

  /**
   * Scope of the network tier, typically a construct in a separate network stack. The tier is
   * created in it with the ID `Network`. It must not be in this construct's stack while
   * `dataScope` is in another one, because the data tiers would then reference the VPC in this
   * stack, which references the data tiers back.
   * @default - `dataScope` when given, otherwise this construct
   */
  readonly networkScope?: Construct;

  /**
   * Scope of the data tiers, typically a construct in a separate data stack. The tiers are
   * created in it with the IDs `Database` and `Cache`. The web, firewall, worker and
   * observability tiers always stay in this construct.
   * @default - this construct
   */
  readonly dataScope?: Construct;
}

/**
 * The whole stack as one construct: it builds every tier from one profile and connects them.
 * It only composes; each tier also works on its own.
 *
 * The service reaches the database (or its proxy) and the cache through security group rules
 * from the service's own security group, and learns their endpoints from the variables named in
 * {@link DataTierVariables}.
 *
 * With `networkScope` and `dataScope` in other stacks, the same wiring spans three stacks, and
 * every reference points from the application tiers to the data tiers or the network, and from
 * the data tiers to the network, never back.
 */
export class ScalableWebApp extends Construct {
  /** Profile the tiers were built with. */
  public readonly profile: ProfileSettings;
  /** The network tier. */
  public readonly network: Network;
  /** The database tier. */
  public readonly database: AuroraDatabase;
  /** The cache tier. */
  public readonly cache: RedisCache;
  /** The web tier. */
  public readonly web: WebService;
  /** The web ACL in front of the load balancer; undefined when `firewallEnabled` is false. */
  public readonly firewall?: WebFirewall;
  /** Queues and their workers, in the order of `workers`. */
  public readonly workers: WorkerQueue[];
  /** Dashboard, alarms and alarm topic over every tier. */
  public readonly observability: Observability;

  constructor(scope: Construct, id: string, props: ScalableWebAppProps = {}) {
    super(scope, id);
    this.profile = props.profile ?? Profiles.DEV;

    const dataScope = props.dataScope ?? this;
    const networkScope = props.networkScope ?? dataScope;
    this.rejectNetworkAboveData(networkScope, dataScope);

    this.network = new Network(networkScope, 'Network', {
      ...props.network,
      profile: this.profile,
      vpc: props.vpc,
    });
    const vpc = this.network.vpc;

    // Data tiers first: the service's environment names their endpoints.
    this.database = new AuroraDatabase(dataScope, 'Database', {
      ...props.database,
      vpc,
      profile: this.profile,
    });
    this.cache = new RedisCache(dataScope, 'Cache', { ...props.cache, vpc, profile: this.profile });

    // Web tier with the data-tier variables.
    const environment = this.dataTierEnvironment();
    const secrets = this.dataTierSecrets();
    // The app also sets QUEUE_URL_<NAME> for each worker, so those names are reserved as well.
    const reserved = { ...environment, ...secrets };
    this.rejectReservedNames('web.environment', props.web?.environment, reserved);
    this.rejectReservedNames('web.secrets', props.web?.secrets, reserved);
    this.web = new WebService(this, 'Web', {
      ...props.web,
      environment: { ...props.web?.environment, ...environment },
      secrets: { ...props.web?.secrets, ...secrets },
      vpc,
      profile: this.profile,
    });

    // Edge: the web ACL filters every request before it reaches the load balancer's listeners.
    if (props.firewallEnabled ?? true) {
      this.firewall = new WebFirewall(this, 'Firewall', {
        ...props.firewall,
        loadBalancer: this.web.loadBalancer,
        profile: this.profile,
      });
    }

    // Only the service may reach the data tiers, each on its own port. The rules are opened from
    // the client's side with allowToDefaultPort rather than allowDefaultPortFrom. When the security
    // groups are in different stacks, aws-cdk-lib then puts the data tier's ingress rule in the
    // client's stack, so the data stack never references the application stack. In one stack,
    // both calls create the same rules with the same logical IDs.
    this.web.connections.allowToDefaultPort(this.database, 'Service to database');
    this.web.connections.allowToDefaultPort(this.cache, 'Service to cache');
    for (const group of this.web.connections.securityGroups) {
      Validations.of(group).acknowledge({
        id: 'Annotation::@aws-cdk/aws-ec2:ipv4IgnoreEgressRule',
        reason:
          "The service's security group allows all outbound traffic, so the egress half of its rules to the data tiers is not needed.",
      });
    }

    // Async tier: the service enqueues jobs, the workers drain the queues.
    this.workers = this.createWorkers(props.workers ?? [{ name: 'jobs' }]);

    // Observability over every tier, built from their metric helpers.
    this.observability = new Observability(this, 'Observability', {
      ...props.observability,
      profile: this.profile,
      web: this.web,
      firewall: this.firewall,
      database: this.database,
      cache: this.cache,
      queues: this.workers,
      workers: this.workers,
    });
  }

  private createWorkers(definitions: WorkerDefinition[]): WorkerQueue[] {
    const names = new Set<string>();
    for (const definition of definitions) {
      checkResourceName(this, 'workers[].name', definition.name, WORKER_NAME_RULE);
      if (names.has(definition.name)) {
        throw new ScaleUpValidationError(
          this,
          'workers[].name',
          `got ${JSON.stringify(definition.name)} twice; each worker needs its own name`,
        );
      }
      names.add(definition.name);
    }

    const parent = new Construct(this, 'Workers');
    return definitions.map((definition) => {
      const worker = new WorkerQueue(parent, definition.name, {
        ...definition.options,
        environment: { ...this.workerDatabaseEnvironment(), ...definition.options?.environment },
        vpc: this.network.vpc,
        profile: this.profile,
        redis: {
          host: this.cache.host,
          port: this.cache.port,
          tls: true,
          authToken: this.cache.authTokenSecret,
        },
        runTask: {
          cluster: this.web.cluster,
          taskDefinition: this.web.taskDefinition,
          containerName: this.web.container.containerName,
          securityGroups: this.web.service.connections.securityGroups,
        },
      });

      // The service enqueues; the worker reaches the cache and the database on their ports.
      worker.grantSendMessages(this.web.taskDefinition.taskRole);
      this.web.container.addEnvironment(worker.environmentVariableName, worker.queueUrl);
      // Opened from the worker's side, like the service's rules, so that both the worker's egress
      // rule and the data tier's ingress rule stay in the worker's stack.
      worker.connections.allowToDefaultPort(this.cache, `Worker ${definition.name} to cache`);
      worker.connections.allowToDefaultPort(this.database, `Worker ${definition.name} to database`);
      this.database.secret.grantRead(worker.role);
      return worker;
    });
  }

  /** Database endpoints for a worker; Lambda has no secret injection, so it gets the secret's ARN to read. */
  private workerDatabaseEnvironment(): Record<string, string> {
    return {
      [DataTierVariables.DATABASE_WRITER_HOST]: this.database.endpointForClients.hostname,
      [DataTierVariables.DATABASE_READER_HOST]: this.database.readEndpointForClients.hostname,
      [DataTierVariables.DATABASE_PORT]: String(this.database.port),
      [DataTierVariables.DATABASE_NAME]: this.database.databaseName,
      [DataTierVariables.DATABASE_SECRET_ARN]: this.database.secret.secretArn,
    };
  }

  private dataTierEnvironment(): Record<string, string> {
    return {
      [DataTierVariables.DATABASE_WRITER_HOST]: this.database.endpointForClients.hostname,
      [DataTierVariables.DATABASE_READER_HOST]: this.database.readEndpointForClients.hostname,
      [DataTierVariables.DATABASE_PORT]: String(this.database.port),
      [DataTierVariables.DATABASE_NAME]: this.database.databaseName,
      [DataTierVariables.REDIS_HOST]: this.cache.host,
      [DataTierVariables.REDIS_PORT]: String(this.cache.port),
      [DataTierVariables.REDIS_TLS]: 'true',
      [DataTierVariables.REDIS_CLUSTER_MODE]: String(this.cache.clusterMode),
    };
  }

  private dataTierSecrets(): Record<string, ecs.Secret> {
    return {
      [DataTierVariables.DATABASE_USERNAME]: ecs.Secret.fromSecretsManager(this.database.secret, 'username'),
      [DataTierVariables.DATABASE_PASSWORD]: ecs.Secret.fromSecretsManager(this.database.secret, 'password'),
      [DataTierVariables.REDIS_AUTH_TOKEN]: ecs.Secret.fromSecretsManager(this.cache.authTokenSecret),
    };
  }

  /**
   * Rejects a network tier in this construct's stack under data tiers in another stack. The data
   * stack would read the VPC from this stack, and this stack would read the data endpoints from
   * the data stack, so each stack would have to be deployed before the other.
   */
  private rejectNetworkAboveData(networkScope: Construct, dataScope: Construct): void {
    const appStack = Stack.of(this);
    const networkStack = Stack.of(networkScope);
    const dataStack = Stack.of(dataScope);
    if (dataStack !== appStack && networkStack === appStack) {
      throw new ScaleUpValidationError(
        this,
        'networkScope',
        `got a scope in stack ${networkStack.node.path} with the app tiers, while dataScope is in stack ` +
          `${dataStack.node.path}; the two stacks would reference each other. Put networkScope in ` +
          `${dataStack.node.path} or in a third stack, or leave it unset to share dataScope`,
      );
    }
  }

  private rejectReservedNames(
    prop: string,
    userVariables: Record<string, unknown> | undefined,
    reserved: object,
  ): void {
    const clashes = Object.keys(userVariables ?? {}).filter(
      (name) => name in reserved || name.startsWith('QUEUE_URL_'),
    );
    if (clashes.length > 0) {
      throw new ScaleUpValidationError(
        this,
        prop,
        `got ${clashes.join(', ')}, which the app sets to wire the data tiers and queues; rename ${clashes.length > 1 ? 'these variables' : 'this variable'}`,
      );
    }
  }
}
