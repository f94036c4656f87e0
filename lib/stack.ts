import { Fn, Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { ScaleUpValidationError } from './core/errors';
import { ProfileSettings, Profiles } from './core/profiles';
import { ScalableWebApp, ScalableWebAppProps } from './scalable-web-app';

/**
 * Construct ID of the {@link ScalableWebApp} in a {@link ScaleUpStack}, and of the construct that
 * contains its tiers in a separate network or data stack. With the same ID in every stack, a
 * resource has the same logical ID in both layouts unless its ID contains the stack's name, as
 * the database secret's and the rules between security groups' do.
 */
const APP_ID = 'App';

/** Props of {@link ScaleUpTierStack}. */
export interface ScaleUpTierStackProps extends StackProps {
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
}

/**
 * A stack for tiers of a {@link ScalableWebApp}. It names its availability zones without a
 * lookup, so synth works offline and without credentials even when the stack has a region.
 *
 * {@link ScaleUpStack} is one; in the multi-stack layout, the network and data tiers live in
 * plain instances of this class.
 */
export class ScaleUpTierStack extends Stack {
  /** Profile of the stack. */
  public readonly profile: ProfileSettings;

  private readonly explicitAvailabilityZones?: string[];

  constructor(scope: Construct, id: string, props: ScaleUpTierStackProps = {}) {
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

/** Props of {@link ScaleUpStack}. */
export interface ScaleUpStackProps extends ScaleUpTierStackProps {
  /**
   * ARN of an ACM certificate in the stack's region for the HTTPS listener; overrides
   * `app.web.certificate`.
   * @default - none: HTTP only, which only the dev profile allows
   */
  readonly certificateArn?: string;

  /**
   * Options of the app's tiers. The stack's profile replaces `profile` here. When `networkStack`
   * or `dataStack` is given, the stack also replaces `networkScope` and `dataScope`.
   * @default - the profile's defaults
   */
  readonly app?: ScalableWebAppProps;

  /**
   * Stack for the network tier (the VPC). This stack and the data stack then depend on it.
   * Not allowed together with `app.vpc`, which leaves the network tier nothing to create.
   * @default - `dataStack` when given, otherwise this stack
   */
  readonly networkStack?: Stack;

  /**
   * Stack for the data tiers (Aurora and Redis). This stack then depends on it. The web, firewall,
   * worker and observability tiers always stay in this stack, so references flow from this stack
   * to the data stack and from both to the network stack, never back.
   * @default - this stack
   */
  readonly dataStack?: Stack;
}

/**
 * A stack holding one {@link ScalableWebApp}. Synth never looks anything up in an AWS account,
 * so it works offline and without credentials.
 *
 * With `networkStack` and `dataStack`, the network and data tiers go to those stacks, and this
 * stack keeps the application tiers: that is the multi-stack layout of the default app. How
 * values cross the stacks follows the app's `@aws-cdk/core:defaultCrossStackReferences` context.
 * With `weak`, as in this package's cdk.json, they are plain outputs read with
 * `Fn::GetStackOutput`. CloudFormation does not protect such outputs, so it lets a lower stack be
 * deleted while this stack still uses its values. Delete the stacks with `cdk destroy --all`,
 * which goes in reverse dependency order.
 */
export class ScaleUpStack extends ScaleUpTierStack {
  /** The app's tiers. */
  public readonly app: ScalableWebApp;
  /** Stack holding the network tier; undefined when it is this stack. */
  public readonly networkStack?: Stack;
  /** Stack holding the data tiers; undefined when they are in this stack. */
  public readonly dataStack?: Stack;

  constructor(scope: Construct, id: string, props: ScaleUpStackProps = {}) {
    super(scope, id, props);
    this.dataStack = props.dataStack;
    this.networkStack = props.networkStack ?? props.dataStack;
    if (this.networkStack && props.app?.vpc) {
      throw new ScaleUpValidationError(
        this,
        'networkStack',
        `got stack ${this.networkStack.node.path} together with app.vpc, so the network tier would ` +
          'create nothing there; pass one or the other',
      );
    }

    checkCertificateArn(this, props.certificateArn);
    const certificate = props.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : props.app?.web?.certificate;
    const scopes = this.createTierScopes();
    this.app = new ScalableWebApp(this, APP_ID, {
      ...props.app,
      ...scopes,
      profile: this.profile,
      web: { ...props.app?.web, certificate },
    });

    this.addTierStackDependencies();
  }

  /**
   * Creates, in the network and data stacks, the construct that contains their tiers. It has the
   * app's ID, so a tier's path below its stack is the same as in a single stack.
   */
  private createTierScopes(): Pick<ScalableWebAppProps, 'networkScope' | 'dataScope'> {
    const dataScope = this.dataStack ? new Construct(this.dataStack, APP_ID) : undefined;
    let networkScope: Construct | undefined;
    if (this.networkStack) {
      networkScope =
        this.networkStack === this.dataStack ? dataScope : new Construct(this.networkStack, APP_ID);
    }
    return { networkScope, dataScope };
  }

  /**
   * Declares the deploy order network, data, application. The references between the tiers
   * imply it too, but `cdk deploy --all` then keeps the order even if a reference goes away.
   */
  private addTierStackDependencies(): void {
    const reason = 'the application tiers use the data tiers, and both use the VPC';
    if (this.dataStack) {
      this.addStackDependency(this.dataStack, reason);
    }
    if (this.networkStack && this.networkStack !== this.dataStack) {
      this.addStackDependency(this.networkStack, reason);
      this.dataStack?.addStackDependency(this.networkStack, reason);
    }
  }
}

/** An ACM certificate ARN: partition, region, 12-digit account and certificate ID. */
export const CERTIFICATE_ARN_PATTERN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

/**
 * Throws unless `arn` is an ACM certificate ARN in the stack's region: a load balancer can only
 * use a certificate from its own region.
 */
function checkCertificateArn(stack: Stack, arn: string | undefined): void {
  if (arn === undefined || Token.isUnresolved(arn)) {
    return;
  }
  const match = CERTIFICATE_ARN_PATTERN.exec(arn);
  if (!match) {
    throw new ScaleUpValidationError(
      stack,
      'certificateArn',
      `got ${JSON.stringify(arn)}; expected an ACM certificate ARN such as ` +
        'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    );
  }
  if (!Token.isUnresolved(stack.region) && match[1] !== stack.region) {
    throw new ScaleUpValidationError(
      stack,
      'certificateArn',
      `got a certificate in ${match[1]} for a stack in ${stack.region}; a load balancer uses certificates from its own region only`,
    );
  }
}
