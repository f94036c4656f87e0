import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ManagedRuleAction, ManagedRuleGroup, BotControlInspectionLevel } from '../web-firewall-options';

/**
 * Builders of the web ACL rules of {@link WebFirewall}. Each builder returns a rule without a
 * priority; the construct numbers the rules in the documented order afterwards.
 */

/** A web ACL rule before its priority is assigned. */
export type UnprioritizedRule = Omit<wafv2.CfnWebACL.RuleProperty, 'priority'>;

/** Key of the custom response body returned with HTTP 429 by the rate-based rules. */
export const RATE_LIMITED_BODY_KEY = 'rate-limited';

/** HTTP status code of a rate-limited request: 429 Too Many Requests (RFC 6585). */
export const RATE_LIMITED_STATUS_CODE = 429;

/** Rule names; each is also the CloudWatch metric name (the `Rule` dimension) of its rule. */
export const RULE_NAMES = {
  allowList: 'AllowList',
  blockList: 'BlockList',
  geoBlock: 'GeoBlock',
  geoAllowOnly: 'GeoAllowOnly',
  pathRateLimitPrefix: 'PathRateLimit-',
  rateLimit: 'RateLimit',
  managedGroupPrefix: 'AWS-',
};

/** Visibility config with CloudWatch metrics and request sampling on, under `metricName`. */
export function visibilityConfig(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** Builds a rule that applies `action` to requests whose address is in one of `ipSetArns`. */
export function ipSetRule(
  name: string,
  action: wafv2.CfnWebACL.RuleActionProperty,
  ipSetArns: string[],
  forwardedIp?: wafv2.CfnWebACL.ForwardedIPConfigurationProperty,
): UnprioritizedRule {
  const statements: wafv2.CfnWebACL.StatementProperty[] = ipSetArns.map((arn) => ({
    ipSetReferenceStatement: {
      arn,
      // The first address of the header is the client's; later ones were added by proxies.
      ipSetForwardedIpConfig: forwardedIp ? { ...forwardedIp, position: 'FIRST' } : undefined,
    },
  }));
  return {
    name,
    action,
    statement: anyOf(statements),
    visibilityConfig: visibilityConfig(name),
  };
}

/**
 * Builds a rule that blocks requests from `countryCodes`, or, with `allowOnly`, blocks requests
 * from every other country.
 */
export function geoRule(
  countryCodes: string[],
  allowOnly: boolean,
  forwardedIp?: wafv2.CfnWebACL.ForwardedIPConfigurationProperty,
): UnprioritizedRule {
  const name = allowOnly ? RULE_NAMES.geoAllowOnly : RULE_NAMES.geoBlock;
  const geoMatch: wafv2.CfnWebACL.StatementProperty = {
    geoMatchStatement: { countryCodes, forwardedIpConfig: forwardedIp },
  };
  return {
    name,
    action: { block: {} },
    statement: allowOnly ? { notStatement: { statement: geoMatch } } : geoMatch,
    visibilityConfig: visibilityConfig(name),
  };
}

/** Options of {@link rateRule}. */
export interface RateRuleOptions {
  readonly name: string;
  readonly limit: number;
  readonly evaluationWindowSec: number;
  readonly forwardedIp?: wafv2.CfnWebACL.ForwardedIPConfigurationProperty;
  /** URI path to count requests on; every request is counted when undefined. */
  readonly path?: string;
  /** Whether `path` must match the whole URI path (true) or its start (false). */
  readonly exactPath?: boolean;
}

/**
 * Builds a rate-based rule that counts requests per client IP address and blocks the requests
 * over the limit with HTTP 429 and the {@link RATE_LIMITED_BODY_KEY} body.
 */
export function rateRule(options: RateRuleOptions): UnprioritizedRule {
  return {
    name: options.name,
    action: {
      block: {
        customResponse: {
          responseCode: RATE_LIMITED_STATUS_CODE,
          customResponseBodyKey: RATE_LIMITED_BODY_KEY,
        },
      },
    },
    statement: {
      rateBasedStatement: {
        limit: options.limit,
        evaluationWindowSec: options.evaluationWindowSec,
        aggregateKeyType: options.forwardedIp ? 'FORWARDED_IP' : 'IP',
        forwardedIpConfig: options.forwardedIp,
        scopeDownStatement:
          options.path === undefined ? undefined : uriPathStatement(options.path, options.exactPath ?? false),
      },
    },
    visibilityConfig: visibilityConfig(options.name),
  };
}

/**
 * Builds a statement that matches the URI path against `path`. The path of the request is
 * URL-decoded, normalised and lower-cased first, so `/LOGIN`, `//login` and `/log%69n` match `/login`.
 */
function uriPathStatement(path: string, exact: boolean): wafv2.CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: exact ? 'EXACTLY' : 'STARTS_WITH',
      searchString: path.toLowerCase(),
      textTransformations: [
        { priority: 0, type: 'URL_DECODE' },
        { priority: 1, type: 'NORMALIZE_PATH' },
        { priority: 2, type: 'LOWERCASE' },
      ],
    },
  };
}

/** Options of {@link managedGroupRule}. */
export interface ManagedGroupRuleOptions {
  readonly group: ManagedRuleGroup;
  /** Rule actions to replace, keyed by rule name. */
  readonly overrides: ReadonlyMap<string, ManagedRuleAction>;
  /** Protection level; used only for the Bot Control group. */
  readonly botControlInspectionLevel: BotControlInspectionLevel;
}

/** Builds a rule that runs an AWS managed rule group with its own actions, except for `overrides`. */
export function managedGroupRule(options: ManagedGroupRuleOptions): UnprioritizedRule {
  const name = `${RULE_NAMES.managedGroupPrefix}${options.group}`;
  const ruleActionOverrides = [...options.overrides].map(([ruleName, action]) => ({
    name: ruleName,
    actionToUse: action === ManagedRuleAction.BLOCK ? { block: {} } : { count: {} },
  }));
  const managedRuleGroupConfigs =
    options.group === ManagedRuleGroup.BOT_CONTROL_RULE_SET
      ? [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: options.botControlInspectionLevel } }]
      : undefined;
  return {
    name,
    // `none` keeps each rule's own action; `count` would make every rule of the group only count.
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: options.group,
        ruleActionOverrides: ruleActionOverrides.length > 0 ? ruleActionOverrides : undefined,
        managedRuleGroupConfigs,
      },
    },
    visibilityConfig: visibilityConfig(name),
  };
}

/** Returns a single statement as it is, or joins several with OR (an OR statement needs at least two). */
function anyOf(statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty {
  if (statements.length === 1) {
    return statements[0];
  }
  return { orStatement: { statements } };
}
