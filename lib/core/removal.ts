import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from './errors';
import { ProfileSettings } from './profiles';

/** Kind of stateful resource, which decides the removal policy a profile gives it. */
export enum StatefulKind {
  /**
   * A resource CloudFormation can snapshot before deletion (Aurora cluster, ElastiCache
   * replication group): the profile's `statefulRemovalPolicy`.
   */
  SNAPSHOTTABLE = 'SNAPSHOTTABLE',
  /**
   * A data resource without snapshot support (queue, secret, KMS key, log group): the profile's
   * `dataRemovalPolicy`.
   */
  DATA = 'DATA',
  /**
   * An S3 bucket, retained in every profile. CloudFormation cannot delete a bucket that still
   * contains objects, so a delete policy would make stack deletion fail rather than free the bucket.
   */
  BUCKET = 'BUCKET',
}

/** Returns the removal policy the profile gives a resource of `kind`. */
export function removalPolicyFor(profile: ProfileSettings, kind: StatefulKind): RemovalPolicy {
  switch (kind) {
    case StatefulKind.SNAPSHOTTABLE:
      return profile.statefulRemovalPolicy;
    case StatefulKind.DATA:
      return profile.dataRemovalPolicy;
    case StatefulKind.BUCKET:
      return RemovalPolicy.RETAIN;
  }
}

/**
 * Sets both the deletion and the update-replace policy of the resource behind `construct`.
 *
 * CloudFormation applies the update-replace policy when a property change replaces the resource,
 * so setting only the deletion policy would still lose data on a replacement.
 */
export function applyStatefulRemovalPolicy(
  construct: IConstruct,
  profile: ProfileSettings,
  kind: StatefulKind,
): RemovalPolicy {
  const policy = removalPolicyFor(profile, kind);
  const resource = findCfnResource(construct);
  resource.applyRemovalPolicy(policy, { applyToUpdateReplacePolicy: true });
  return policy;
}

function findCfnResource(construct: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(construct)) {
    return construct;
  }
  const child = construct.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) {
    return child;
  }
  throw new ScaleUpValidationError(
    construct,
    'removalPolicy',
    'the construct has no CloudFormation resource as its default child to apply the policy to',
  );
}
