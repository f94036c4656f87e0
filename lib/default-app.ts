import { App, Token } from 'aws-cdk-lib';
import { ScaleUpValidationError } from './core/errors';
import { Profiles } from './core/profiles';
import { CERTIFICATE_ARN_PATTERN, ScaleUpStack, ScaleUpTierStack } from './stack';

/** Stack layout of the default app, chosen with `cdk synth -c layout=NAME`. */
export enum StackLayout {
  /** One stack, `ScaleUp-<profile>`, holding every tier. */
  SINGLE_STACK = 'single-stack',
  /**
   * Three stacks deployed in this order: `ScaleUp-<profile>-Network` with the VPC,
   * `ScaleUp-<profile>-Data` with Aurora and Redis, and `ScaleUp-<profile>-App` with the web,
   * firewall, worker and observability tiers.
   *
   * NOTE: the stack names differ from the single-stack layout's, so switching a deployed app to
   * this layout creates new stacks with new resources (a new database included) and leaves the
   * old stack in place.
   */
  MULTI_STACK = 'multi-stack',
}

/** Context keys read by the default app (`cdk synth -c KEY=VALUE`). */
export class DefaultAppContext {
  /** Profile name: `dev` (default) or `prod`. */
  public static readonly PROFILE = 'profile';
  /** ARN of an ACM certificate for the HTTPS listener; required by the prod profile. */
  public static readonly CERTIFICATE_ARN = 'certificateArn';
  /** Comma-separated availability zone names, for example `eu-west-1a,eu-west-1b,eu-west-1c`. */
  public static readonly AVAILABILITY_ZONES = 'availabilityZones';
  /**
   * Region of the stack (cdk.json sets `us-east-1`). The load balancer's access-log bucket policy
   * names a principal that differs by region, so the stack needs one at synth.
   */
  public static readonly REGION = 'region';
  /** Stack layout: `single-stack` (default) or `multi-stack`; see {@link StackLayout}. */
  public static readonly LAYOUT = 'layout';
}

/**
 * Builds the default app's stacks from the app's context: the same code runs under `cdk synth`
 * and in the tests, so both see the same templates.
 *
 * Returns the stack holding the {@link ScalableWebApp}: the only stack in the single-stack
 * layout, the application stack in the multi-stack layout, whose `networkStack` and `dataStack`
 * are the other two.
 */
export function createDefaultStack(app: App): ScaleUpStack {
  const profileName = contextString(app, DefaultAppContext.PROFILE) ?? Profiles.DEV.name;
  const profile = Profiles.fromName(app, profileName);
  const layout = layoutFromName(
    app,
    contextString(app, DefaultAppContext.LAYOUT) ?? StackLayout.SINGLE_STACK,
  );
  const certificateArn = contextString(app, DefaultAppContext.CERTIFICATE_ARN);
  const region = contextString(app, DefaultAppContext.REGION);
  const zones = contextString(app, DefaultAppContext.AVAILABILITY_ZONES)
    ?.split(',')
    .map((zone) => zone.trim())
    .filter((zone) => zone.length > 0);

  if (
    certificateArn !== undefined &&
    !Token.isUnresolved(certificateArn) &&
    !CERTIFICATE_ARN_PATTERN.test(certificateArn)
  ) {
    throw new ScaleUpValidationError(
      app,
      `context ${DefaultAppContext.CERTIFICATE_ARN}`,
      `got ${JSON.stringify(certificateArn)}; expected an ACM certificate ARN such as ` +
        'arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    );
  }
  if (certificateArn === undefined && !profile.allowHttpOnly) {
    throw new ScaleUpValidationError(
      app,
      `context ${DefaultAppContext.CERTIFICATE_ARN}`,
      `got none; the ${profile.name} profile serves HTTPS only, so pass -c ${DefaultAppContext.CERTIFICATE_ARN}=ARN of an ACM certificate`,
    );
  }

  const common = { profile, env: region ? { region } : undefined, availabilityZones: zones };
  const description = `cdk-scaleup default app, ${profile.name} profile`;
  if (layout === StackLayout.SINGLE_STACK) {
    return new ScaleUpStack(app, `ScaleUp-${profile.name}`, { ...common, description, certificateArn });
  }

  const networkStack = new ScaleUpTierStack(app, `ScaleUp-${profile.name}-Network`, {
    ...common,
    description: `${description}, network tier`,
  });
  const dataStack = new ScaleUpTierStack(app, `ScaleUp-${profile.name}-Data`, {
    ...common,
    description: `${description}, data tiers`,
  });
  return new ScaleUpStack(app, `ScaleUp-${profile.name}-App`, {
    ...common,
    description: `${description}, application tiers`,
    certificateArn,
    networkStack,
    dataStack,
  });
}

function layoutFromName(app: App, name: string): StackLayout {
  const layouts = Object.values(StackLayout) as string[];
  if (!layouts.includes(name)) {
    throw new ScaleUpValidationError(
      app,
      'layout',
      `got ${JSON.stringify(name)}; valid layouts are ${layouts.join(', ')}`,
    );
  }
  return name as StackLayout;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  return String(value);
}
