import { Annotations, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeInlinePolicies, acknowledgeLogGroupServiceEncryption } from '../core/acknowledgements';
import { ProfileSettings, Profiles } from '../core/profiles';
import { StatefulKind, removalPolicyFor } from '../core/removal';
import { checkIntegerRange } from '../core/validation';
import { IpVersion, parseCidr } from '../core/cidr';
import { ScaleUpValidationError } from '../core/errors';

/** Subnet group names of a VPC created by {@link Network}. */
export class SubnetGroupNames {
  /** Public subnets: load balancer and NAT gateways. */
  public static readonly PUBLIC = 'Public';
  /** Private subnets with egress through NAT: service tasks and worker functions. */
  public static readonly APPLICATION = 'Application';
  /** Isolated subnets without a route to the internet: databases and caches. */
  public static readonly DATA = 'Data';
}

/** Props of {@link Network}. */
export interface NetworkProps {
  /**
   * Profile that supplies the defaults.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;

  /**
   * Existing VPC to use instead of creating one. It needs private subnets with egress for the
   * service; isolated subnets are used for the data tier when it has them.
   * @default - a new VPC is created
   */
  readonly vpc?: ec2.IVpc;

  /**
   * IPv4 CIDR block of a new VPC. Changing it replaces the VPC and its subnets.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * Number of availability zones of a new VPC (1–6). The stack must be able to name that many
   * zones without a lookup: see `ScaleUpStack` for how zones are chosen offline.
   * @default - the profile's `availabilityZoneCount` (dev 2, prod 3)
   */
  readonly maxAzs?: number;

  /**
   * Number of NAT gateways of a new VPC (1 to the AZ count).
   * @default - the profile's `natGateways` (dev 1, prod one per AZ)
   */
  readonly natGateways?: number;

  /**
   * Retention of the VPC flow log group.
   * @default - the profile's `logRetention` (dev 1 week, prod 3 months)
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The network tier: a VPC with public, private-with-egress and isolated subnets, NAT gateways,
 * an S3 gateway endpoint and VPC flow logs, or an existing VPC passed in.
 */
export class Network extends Construct {
  /** The VPC every other tier is placed in. */
  public readonly vpc: ec2.IVpc;

  /** Log group of the VPC flow logs; undefined when an existing VPC was passed in. */
  public readonly flowLogGroup?: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const profile = props.profile ?? Profiles.DEV;

    if (props.vpc) {
      this.rejectNewVpcProps(props);
      this.vpc = props.vpc;
      return;
    }

    checkVpcCidr(this, props.cidr);
    const maxAzs = props.maxAzs ?? profile.availabilityZoneCount;
    checkIntegerRange(this, 'maxAzs', maxAzs, 1, 6);
    const natGateways = props.natGateways ?? Math.min(profile.natGateways, maxAzs);
    checkIntegerRange(this, 'natGateways', natGateways, 1, maxAzs);
    const stackAzs = Stack.of(this).availabilityZones.length;
    if (maxAzs > stackAzs) {
      Annotations.of(this).addWarningV2(
        'cdk-scaleup:network-fewer-azs',
        `maxAzs is ${maxAzs} but the stack offers ${stackAzs} availability zones; the VPC spans ${stackAzs}. ` +
          'Give the stack explicit zone names (ScaleUpStack availabilityZones, or -c availabilityZones=a,b,c) to use more.',
      );
    }

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.0.0.0/16'),
      maxAzs,
      natGateways,
      subnetConfiguration: [
        // Nothing in the public subnets needs an automatic public address: NAT gateways have
        // Elastic IPs and the load balancer manages its own.
        {
          name: SubnetGroupNames.PUBLIC,
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: 24,
          mapPublicIpOnLaunch: false,
        },
        { name: SubnetGroupNames.APPLICATION, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: SubnetGroupNames.DATA, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    this.vpc = vpc;

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? profile.logRetention,
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });
    for (const subnet of vpc.publicSubnets) {
      Validations.of(subnet).acknowledge({
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason:
          'Public subnets route to the internet gateway by design: they hold the internet-facing load balancer and the NAT gateways.',
      });
    }
    this.flowLogGroup = flowLogGroup;
    acknowledgeInlinePolicies(this, 'The flow log role');
    acknowledgeLogGroupServiceEncryption(flowLogGroup);
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }

  private rejectNewVpcProps(props: NetworkProps): void {
    const conflicting = (['cidr', 'maxAzs', 'natGateways', 'flowLogRetention'] as const).filter(
      (key) => props[key] !== undefined,
    );
    if (conflicting.length > 0) {
      throw new ScaleUpValidationError(
        this,
        conflicting.join(', '),
        `${conflicting.join(', ')} only apply to a new VPC; remove ${conflicting.length > 1 ? 'them' : 'it'} or do not pass vpc`,
      );
    }
  }
}

/** Throws unless `cidr` is an IPv4 network address with a prefix from /16 to /28, the sizes a VPC accepts. */
function checkVpcCidr(scope: Construct, cidr: string | undefined): void {
  if (cidr === undefined || Token.isUnresolved(cidr)) {
    return;
  }
  const parsed = parseCidr(cidr);
  const prefix = Number(cidr.split('/')[1]);
  if (parsed.problem !== undefined || parsed.version !== IpVersion.IPV4 || prefix < 16 || prefix > 28) {
    const reason = parsed.problem ?? 'a VPC takes an IPv4 block with a prefix length from /16 to /28';
    throw new ScaleUpValidationError(scope, 'cidr', `got ${JSON.stringify(cidr)}; ${reason}`);
  }
}
