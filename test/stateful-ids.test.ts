/**
 * Pins the logical IDs of the default app's stateful and traffic-carrying resources per profile,
 * and checks their DeletionPolicy and UpdateReplacePolicy.
 *
 * CloudFormation identifies a resource by its logical ID. When an ID changes, for example because a
 * construct was renamed or moved to another parent, CloudFormation creates a new resource under the
 * new ID and deletes the old one. A database, cache, queue or bucket loses its data that way, and a
 * load balancer gets a new DNS name.
 *
 * When a change of the list is deliberate (a resource added, or a replacement you have planned),
 * rewrite stateful-ids.json from the current templates and commit it with the change:
 *
 *   UPDATE_STATEFUL_IDS=1 npx jest test/stateful-ids.test.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { createDefaultStack } from '../lib/default-app';
import { createTestApp, EXAMPLE_CERTIFICATE_ARN } from './helpers';

/** Logical ID to resource type, per profile name: the format of stateful-ids.json. */
type PinnedIds = Record<string, Record<string, string>>;

interface TemplateResource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/**
 * DeletionPolicy and UpdateReplacePolicy (always equal here) per profile name. `undefined` means the
 * template sets neither, so CloudFormation deletes the resource, which suits resources without data.
 */
type ExpectedPolicy = Record<string, string | undefined>;

const PINNED_IDS_FILE = path.join(__dirname, 'stateful-ids.json');
const UPDATE_VARIABLE = 'UPDATE_STATEFUL_IDS';

/** Profiles of the default app with the context each needs. */
const PROFILES: Record<string, Record<string, unknown>> = {
  dev: {},
  prod: { certificateArn: EXAMPLE_CERTIFICATE_ARN },
};

const SNAPSHOT_IN_PROD: ExpectedPolicy = { dev: 'Delete', prod: 'Snapshot' };
const RETAIN_IN_PROD: ExpectedPolicy = { dev: 'Delete', prod: 'Retain' };
const RETAIN_ALWAYS: ExpectedPolicy = { dev: 'Retain', prod: 'Retain' };
const DELETE_ALWAYS: ExpectedPolicy = { dev: 'Delete', prod: 'Delete' };
const NO_POLICY: ExpectedPolicy = { dev: undefined, prod: undefined };

/**
 * Resource types whose logical IDs are pinned, with the policies each profile gives them.
 *
 * Parameter groups are left out: DBClusterParameterGroupName and CacheParameterGroupName can change
 * without replacement, so a new parameter group does not replace the cluster or the cache.
 */
const PINNED_TYPES: Record<string, ExpectedPolicy> = {
  'AWS::RDS::DBCluster': SNAPSHOT_IN_PROD,
  // Aurora cannot snapshot an instance: the cluster snapshot contains the data, and a retained
  // instance would block the deletion of its cluster.
  'AWS::RDS::DBInstance': DELETE_ALWAYS,
  // A new subnet group gets a new name, and DBSubnetGroupName is create-only on the cluster, so
  // replacing the subnet group replaces the cluster.
  'AWS::RDS::DBSubnetGroup': NO_POLICY,
  'AWS::ElastiCache::ReplicationGroup': SNAPSHOT_IN_PROD,
  // CacheSubnetGroupName is create-only on the replication group, as above.
  'AWS::ElastiCache::SubnetGroup': NO_POLICY,
  'AWS::SecretsManager::Secret': RETAIN_IN_PROD,
  'AWS::SQS::Queue': RETAIN_IN_PROD,
  'AWS::KMS::Key': RETAIN_IN_PROD,
  'AWS::Logs::LogGroup': RETAIN_IN_PROD,
  // CloudFormation cannot delete a bucket that still contains objects.
  'AWS::S3::Bucket': RETAIN_ALWAYS,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': NO_POLICY,
  'AWS::ElasticLoadBalancingV2::Listener': NO_POLICY,
  'AWS::ElasticLoadBalancingV2::TargetGroup': NO_POLICY,
  'AWS::ECS::Cluster': NO_POLICY,
  'AWS::ECS::Service': NO_POLICY,
};

function synthesizeResources(profile: string): Record<string, TemplateResource> {
  const stack = createDefaultStack(createTestApp({ profile, ...PROFILES[profile] }));
  return Template.fromStack(stack).toJSON().Resources;
}

/** Logical ID to type of every resource of a pinned type, sorted by logical ID. */
function pinnedResourcesOf(resources: Record<string, TemplateResource>): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const logicalId of Object.keys(resources).sort()) {
    const type = resources[logicalId].Type;
    if (type in PINNED_TYPES) {
      pinned[logicalId] = type;
    }
  }
  return pinned;
}

/** Describes how the current IDs differ from the pinned ones, or returns '' when they match. */
function describeIdChanges(profile: string, pinned: Record<string, string>, current: Record<string, string>) {
  const disappeared = Object.keys(pinned)
    .filter((logicalId) => !(logicalId in current))
    .map((logicalId) => `  - ${logicalId} (${pinned[logicalId]})`);
  const appeared = Object.keys(current)
    .filter((logicalId) => !(logicalId in pinned))
    .map((logicalId) => `  + ${logicalId} (${current[logicalId]})`);
  const retyped = Object.keys(current)
    .filter((logicalId) => logicalId in pinned && pinned[logicalId] !== current[logicalId])
    .map((logicalId) => `  ~ ${logicalId} (${pinned[logicalId]} -> ${current[logicalId]})`);
  if (disappeared.length + appeared.length + retyped.length === 0) {
    return '';
  }

  const lines = [
    `The ${profile} profile's stateful or traffic-carrying resources differ from ${path.basename(PINNED_IDS_FILE)}.`,
  ];
  if (disappeared.length > 0) {
    lines.push('Logical IDs that disappeared (CloudFormation would delete these resources):', ...disappeared);
  }
  if (appeared.length > 0) {
    lines.push('Logical IDs that appeared (CloudFormation would create these resources):', ...appeared);
  }
  if (retyped.length > 0) {
    lines.push('Logical IDs whose resource type changed (CloudFormation would replace them):', ...retyped);
  }
  lines.push(
    '',
    'CloudFormation identifies a resource by its logical ID. A changed ID makes it create a new resource ' +
      'and delete the old one, or leave the old one outside the stack under a Retain policy. Databases, ' +
      'caches, queues and buckets lose their data that way, and a load balancer gets a new DNS name.',
    'If the change is a mistake, restore the construct ID or path that changed. If it is deliberate, ' +
      'rewrite the list and commit it with the change:',
    `  ${UPDATE_VARIABLE}=1 npx jest test/stateful-ids.test.ts`,
  );
  return lines.join('\n');
}

function policiesOf(resource: TemplateResource | undefined) {
  return { DeletionPolicy: resource?.DeletionPolicy, UpdateReplacePolicy: resource?.UpdateReplacePolicy };
}

const currentResources: Record<string, Record<string, TemplateResource>> = {};
let pinnedIds: PinnedIds;

beforeAll(() => {
  for (const profile of Object.keys(PROFILES)) {
    currentResources[profile] = synthesizeResources(profile);
  }
  if (process.env[UPDATE_VARIABLE] === '1') {
    const rewritten: PinnedIds = {};
    for (const profile of Object.keys(PROFILES)) {
      rewritten[profile] = pinnedResourcesOf(currentResources[profile]);
    }
    fs.writeFileSync(PINNED_IDS_FILE, `${JSON.stringify(rewritten, null, 2)}\n`);
  }
  pinnedIds = JSON.parse(fs.readFileSync(PINNED_IDS_FILE, 'utf8'));
});

describe.each(Object.keys(PROFILES))('stateful resources, %s profile', (profile) => {
  test('logical IDs match the pinned list', () => {
    const message = describeIdChanges(
      profile,
      pinnedIds[profile] ?? {},
      pinnedResourcesOf(currentResources[profile]),
    );
    if (message !== '') {
      throw new Error(message);
    }
  });

  test('pinned list covers each stateful tier', () => {
    const types = Object.values(pinnedIds[profile] ?? {});
    expect(types).toContain('AWS::RDS::DBCluster');
    expect(types).toContain('AWS::ElastiCache::ReplicationGroup');
    expect(types).toContain('AWS::SQS::Queue');
    expect(types).toContain('AWS::ElasticLoadBalancingV2::LoadBalancer');
  });

  test('removal policies match the profile', () => {
    const resources = currentResources[profile];
    // Pinned IDs missing from the template fail the ID test above, so only present ones are checked here.
    const logicalIds = new Set([
      ...Object.keys(pinnedIds[profile] ?? {}).filter((logicalId) => logicalId in resources),
      ...Object.keys(pinnedResourcesOf(resources)),
    ]);
    const actual: Record<string, object> = {};
    const expected: Record<string, object> = {};
    for (const logicalId of [...logicalIds].sort()) {
      const resource = resources[logicalId];
      const policy = PINNED_TYPES[resource.Type]?.[profile];
      actual[logicalId] = { Type: resource.Type, ...policiesOf(resource) };
      expected[logicalId] = { Type: resource.Type, DeletionPolicy: policy, UpdateReplacePolicy: policy };
    }
    expect(actual).toEqual(expected);
  });
});
