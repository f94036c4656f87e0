import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ScaleUpValidationError } from '../../core/errors';
import { InterfaceEndpointMode } from '../worker-queue-props';

/** Input of {@link ensureInterfaceEndpoints}. */
export interface InterfaceEndpointRequirement {
  readonly vpc: ec2.IVpc;
  /** Subnets the function runs in. */
  readonly subnets: ec2.SubnetSelection;
  /** AWS services the function calls. */
  readonly services: ec2.InterfaceVpcEndpointAwsService[];
  readonly mode: InterfaceEndpointMode;
}

/**
 * Makes sure a function in subnets without egress can reach the AWS APIs it calls.
 *
 * Subnets with a NAT route need nothing. Isolated subnets need an interface endpoint per service.
 * An endpoint of the same VPC and service anywhere in the VPC's stack counts. A missing one is
 * created (`CREATE`) or fails synth with its service name (`REQUIRE`). `EXTERNAL` skips the check.
 *
 * NOTE: only endpoints built from the `InterfaceVpcEndpointAwsService` constants are recognized;
 * an endpoint with a literal service name is reported as missing, and `EXTERNAL` then applies.
 */
export function ensureInterfaceEndpoints(scope: Construct, requirement: InterfaceEndpointRequirement): void {
  const { vpc, subnets, services, mode } = requirement;
  if (services.length === 0 || mode === InterfaceEndpointMode.EXTERNAL || hasEgress(vpc, subnets)) {
    return;
  }

  const missing = services.filter((service) => !hasInterfaceEndpoint(scope, vpc, service));
  if (missing.length === 0) {
    return;
  }
  if (mode === InterfaceEndpointMode.REQUIRE) {
    const names = missing.map((service) => service.shortName);
    throw new ScaleUpValidationError(
      scope,
      'interfaceEndpoints',
      `the worker runs in subnets without egress and calls ${names.join(', ')}, but the VPC has no interface ` +
        `endpoint for ${names.length > 1 ? 'them' : 'it'} (missing: ${names.join(', ')}). Add ` +
        missing
          .map((service) => `vpc.addInterfaceEndpoint(..., { service: ${serviceConstantName(service)} })`)
          .join(' and ') +
        ', set interfaceEndpoints: InterfaceEndpointMode.CREATE, or use subnets with a NAT route',
    );
  }

  for (const service of missing) {
    vpc.addInterfaceEndpoint(`${service.shortName.replace(/[^A-Za-z0-9]/g, '')}Endpoint`, {
      service,
      subnets,
      privateDnsEnabled: true,
    });
  }
}

/** Returns whether every selected subnet routes to the internet through NAT or an internet gateway. */
function hasEgress(vpc: ec2.IVpc, subnets: ec2.SubnetSelection): boolean {
  const isolated = new Set(vpc.isolatedSubnets.map((subnet) => subnet.subnetId));
  return vpc.selectSubnets(subnets).subnets.every((subnet) => !isolated.has(subnet.subnetId));
}

function hasInterfaceEndpoint(
  scope: Construct,
  vpc: ec2.IVpc,
  service: ec2.IInterfaceVpcEndpointService,
): boolean {
  const stack = Stack.of(scope);
  const serviceName = JSON.stringify(stack.resolve(service.name));
  const vpcId = JSON.stringify(stack.resolve(vpc.vpcId));
  return Stack.of(vpc)
    .node.findAll()
    .some(
      (construct) =>
        construct instanceof ec2.CfnVPCEndpoint &&
        construct.vpcEndpointType === 'Interface' &&
        JSON.stringify(stack.resolve(construct.serviceName)) === serviceName &&
        JSON.stringify(stack.resolve(construct.vpcId)) === vpcId,
    );
}

const CONSTANT_NAMES = new Map<ec2.InterfaceVpcEndpointAwsService, string>([
  [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, 'SECRETS_MANAGER'],
  [ec2.InterfaceVpcEndpointAwsService.ECS, 'ECS'],
  [ec2.InterfaceVpcEndpointAwsService.SQS, 'SQS'],
]);

function serviceConstantName(service: ec2.InterfaceVpcEndpointAwsService): string {
  return `InterfaceVpcEndpointAwsService.${CONSTANT_NAMES.get(service) ?? service.shortName.toUpperCase()}`;
}
