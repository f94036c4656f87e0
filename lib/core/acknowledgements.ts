import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * cdk-nag acknowledgements that several tiers share, each with the reason the finding does not
 * apply. A tier calls them beside the resource concerned, so the reason stays next to the code.
 */

/** Acknowledges the NIST 800-53 rule that requires a customer managed KMS key on a log group. */
export function acknowledgeLogGroupServiceEncryption(logGroup: IConstruct): void {
  Validations.of(logGroup).acknowledge({
    id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    reason:
      'CloudWatch Logs encrypts every log group at rest with a service key; the package writes no secrets to logs, so a customer managed key is not required.',
  });
}

/** Acknowledges the NIST 800-53 rule that requires a customer managed KMS key on a secret. */
export function acknowledgeSecretAwsManagedKey(secret: IConstruct): void {
  Validations.of(secret).acknowledge({
    id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
    reason:
      'The secret is encrypted with the AWS managed key aws/secretsmanager; only roles granted read access by this package can decrypt it.',
  });
}

/** Acknowledges the NIST 800-53 rule against inline IAM policies for every role under `scope`. */
export function acknowledgeInlinePolicies(scope: IConstruct, roles: string): void {
  Validations.of(scope).acknowledge({
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason: `${roles} get their grants as inline policies written by aws-cdk-lib, each scoped to one role and the resources it uses.`,
  });
}
