import { NameRule } from '../core/validation';

/**
 * Name rules of Elastic Load Balancing: at most 32 characters, letters, digits and hyphens only,
 * and no hyphen at either end. A load balancer name must not start with `internal-` either.
 * Source: the Name property of AWS::ElasticLoadBalancingV2::LoadBalancer and ::TargetGroup.
 */
export const LOAD_BALANCER_NAME_RULE: NameRule = {
  maxLength: 32,
  pattern: /^[A-Za-z0-9-]*$/,
  patternDescription: 'letters, digits and hyphens',
  noEdgeHyphen: true,
  forbiddenPrefixes: ['internal-'],
};

/** Name rule of a target group: as a load balancer name, but `internal-` is allowed. */
export const TARGET_GROUP_NAME_RULE: NameRule = {
  ...LOAD_BALANCER_NAME_RULE,
  forbiddenPrefixes: [],
};
