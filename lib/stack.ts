import { Fn, Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { ScaleUpValidationError } from './core/errors';
import { ProfileSettings, Profiles } from './core/profiles';
import { ScalableWebApp, ScalableWebAppProps } from './scalable-web-app';

/** Props of {@link ScaleUpStack}. */
export interface ScaleUpStackProps extends StackProps {
  /**
   * Profile that supplies every tier's defaults.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;

  /**
   * Names of the availability zones to use, for example `['eu-west-1a', 'eu-west-1b', 'eu-west-1c']`.
   * Explicit names keep synth offline in a stack with a region, where CDK would otherwise look the
   * zones up with AWS credentials.
   * @default - the first N zones of the deploy region, chosen at deploy time with `Fn::GetAZs`,
   *   N being the profile's `availabilityZoneCount`
   */
  readonly availabilityZones?: string[];

  /**
   * ARN of an ACM certificate in the stack's region for the HTTPS listener; overrides
   * `app.web.certificate`.
   * @default - none: HTTP only, which only the dev profile allows
   */
  readonly certificateArn?: string;

  /**
   * Options of the app's tiers; `profile` here is ignored in favour of the stack's.
   * @default - the profile's defaults
   */
  readonly app?: ScalableWebAppProps;
}

/**
 * A stack holding one {@link ScalableWebApp}. Synth never looks anything up in an AWS account,
 * so it works offline and without credentials.
 */
export class ScaleUpStack extends Stack {
  /** The app's tiers. */
  public readonly app: ScalableWebApp;
  /** Profile of the stack. */
  public readonly profile: ProfileSettings;

  private readonly explicitAvailabilityZones?: string[];

  constructor(scope: Construct, id: string, props: ScaleUpStackProps = {}) {
    super(scope, id, props);
    this.profile = props.profile ?? Profiles.DEV;
    this.explicitAvailabilityZones = props.availabilityZones;
    this.validateAvailabilityZones();
    if (props.availabilityZones) {
      Validations.of(this).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason:
          'The zone names were given explicitly (availabilityZones) to keep synth offline in a stack with a region.',
      });
    }

    const certificate = props.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : props.app?.web?.certificate;
    this.app = new ScalableWebApp(this, 'App', {
      ...props.app,
      profile: this.profile,
      web: { ...props.app?.web, certificate },
    });
  }

  /**
   * Availability zones of the stack, named without a lookup: the explicit names when given,
   * otherwise `Fn::Select` over `Fn::GetAZs` for the profile's zone count. The deploy region
   * must offer that many zones to the account.
   */
  public get availabilityZones(): string[] {
    if (this.explicitAvailabilityZones) {
      return this.explicitAvailabilityZones;
    }
    const count = this.profile?.availabilityZoneCount ?? 2;
    return Array.from({ length: count }, (_, index) => Fn.select(index, Fn.getAzs()));
  }

  private validateAvailabilityZones(): void {
    const zones = this.explicitAvailabilityZones;
    if (!zones) {
      return;
    }
    if (zones.length === 0) {
      throw new ScaleUpValidationError(
        this,
        'availabilityZones',
        'got an empty list; give at least one zone name or leave it unset',
      );
    }
    const region = this.region;
    for (const zone of zones) {
      if (Token.isUnresolved(zone)) {
        continue;
      }
      const validShape = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone);
      const inRegion = Token.isUnresolved(region) || zone.startsWith(region);
      if (!validShape || !inRegion) {
        throw new ScaleUpValidationError(
          this,
          'availabilityZones',
          `got ${JSON.stringify(zone)}; a zone name is the region name plus a letter, such as "eu-west-1a"` +
            (Token.isUnresolved(region) ? '' : `, in the stack's region ${region}`),
        );
      }
    }
    if (new Set(zones).size !== zones.length) {
      throw new ScaleUpValidationError(
        this,
        'availabilityZones',
        `got ${JSON.stringify(zones)}; zone names must be unique`,
      );
    }
  }
}
