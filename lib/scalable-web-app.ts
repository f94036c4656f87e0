import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ProfileSettings, Profiles } from './core/profiles';
import { Network, NetworkProps } from './network/network';
import { WebService } from './web/web-service';
import { WebServiceOptions } from './web/web-service-props';

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
   * Options of the web tier (load balancer and Fargate service).
   * @default - the profile's web defaults
   */
  readonly web?: WebServiceOptions;
}

/**
 * The whole stack as one construct: it builds every tier from one profile and connects them.
 * It only composes; each tier also works on its own.
 */
export class ScalableWebApp extends Construct {
  /** Profile the tiers were built with. */
  public readonly profile: ProfileSettings;
  /** The network tier. */
  public readonly network: Network;
  /** The web tier. */
  public readonly web: WebService;

  constructor(scope: Construct, id: string, props: ScalableWebAppProps = {}) {
    super(scope, id);
    this.profile = props.profile ?? Profiles.DEV;

    this.network = new Network(this, 'Network', { ...props.network, profile: this.profile, vpc: props.vpc });
    this.web = new WebService(this, 'Web', { ...props.web, vpc: this.network.vpc, profile: this.profile });
  }
}
