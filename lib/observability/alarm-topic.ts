import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ProfileSettings, Profiles } from '../core/profiles';
import { StatefulKind, removalPolicyFor } from '../core/removal';
import { checkEmailAddresses } from './private/checks';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /**
   * Profile that supplies the removal policy of the topic's key.
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;

  /**
   * Email addresses subscribed to the topic. SNS sends each a confirmation message, and an
   * address receives alarms only after its owner confirms.
   * @default - no subscription
   */
  readonly emails?: string[];

  /**
   * Customer managed KMS key that encrypts the topic. Its key policy must allow the
   * `cloudwatch.amazonaws.com` principal `kms:Decrypt` and `kms:GenerateDataKey*`, or CloudWatch
   * cannot publish to the topic.
   * @default - a new key with rotation on and that permission
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * SNS topic that receives alarm notifications: encrypted with a customer managed KMS key,
 * TLS-only, and open to publishing by CloudWatch alarms of this account and region.
 *
 * The AWS managed key `alias/aws/sns` is not used: its key policy cannot be edited and does not
 * let CloudWatch alarms use the key, so alarm actions on a topic encrypted with it fail (AWS
 * Knowledge Center, "configure a CloudWatch alarm with an encrypted SNS topic").
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;
  /** Key that encrypts the topic. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const profile = props.profile ?? Profiles.DEV;
    const emails = props.emails ?? [];
    checkEmailAddresses(this, 'emails', emails);

    this.encryptionKey = props.encryptionKey ?? this.createKey(profile);
    this.topic = new sns.Topic(this, 'Topic', {
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    this.allowCloudWatchToPublish();

    for (const email of emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }

  private createKey(profile: ProfileSettings): kms.Key {
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the alarm topic ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });
    // In a key policy, resource "*" means this key and nothing else.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return key;
  }

  /**
   * Lets CloudWatch alarms of this account and region publish. The topic policy that enforceSSL
   * creates replaces the default topic policy, so CloudWatch needs a statement of its own.
   */
  private allowCloudWatchToPublish(): void {
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }
}
