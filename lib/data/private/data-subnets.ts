import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/**
 * Subnets of a data tier: the VPC's isolated subnets, which have no route to the internet.
 * An existing VPC without isolated subnets falls back to its private subnets, with a warning.
 */
export function dataSubnets(scope: IConstruct, vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.isolatedSubnets.length > 0) {
    return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  }
  Annotations.of(scope).addWarningV2(
    'cdk-scaleup:data-tier-without-isolated-subnets',
    'The VPC has no isolated subnets, so the data tier is placed in its private subnets, which have a route ' +
      'to the internet through NAT. Give the VPC isolated subnets, or pass vpcSubnets to choose the subnets.',
  );
  return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}
