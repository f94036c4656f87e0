import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../../core/errors';
import { NameRule, checkIntegerRange, checkResourceName, describeValue } from '../../core/validation';
import { ManagedRuleGroup, PathRateLimit } from '../web-firewall-options';
import type { WebFirewallProps } from '../web-firewall';
import { parseCidr } from '../../core/cidr';
import { ISO_3166_ALPHA2_CODES } from './country-codes';
import { RULE_NAMES } from './rules';

/**
 * Smallest rate limit CloudFormation accepts. CloudFormation Validate 1.17.1, the template
 * validator bundled with aws-cdk-lib 2.278.0, rejects `RateBasedStatement.Limit` 9 with "less than
 * the minimum of 10" and accepts 10. WAF lowered its own minimum from 100 to 10 on 2024-08-30
 * (AWS What's New: "AWS WAF enhances rate-based rules to support lower rate limits").
 */
export const MIN_RATE_LIMIT = 10;

/**
 * Limits below this value are not accepted everywhere. The announcement above excluded
 * ap-south-2, eu-south-2, ap-southeast-4, eu-central-2, il-central-1, GovCloud and China, and the
 * copies of the AWS::WAFv2::WebACL resource schema in cfn-lint and in the WAFv2 resource provider
 * repository still show `"minimum": 100`.
 */
export const RATE_LIMIT_SUPPORTED_EVERYWHERE = 100;

/** Largest rate limit: `"maximum": 2000000000` in the AWS::WAFv2::WebACL resource schema. */
export const MAX_RATE_LIMIT = 2_000_000_000;

/** Evaluation windows, in seconds, that a rate-based statement accepts (`EvaluationWindowSec` enum). */
export const EVALUATION_WINDOWS_SECONDS: readonly number[] = [60, 120, 300, 600];

/** Maximum length of the content of a custom response body (`ResponseContent` in the resource schema). */
export const MAX_RESPONSE_BODY_LENGTH = 10_240;

/** Maximum size of a byte match search string, in bytes (ByteMatchStatement `SearchString`). */
const MAX_SEARCH_STRING_BYTES = 200;

/** Maximum rule action overrides per managed rule group (`RuleActionOverrides` `maxItems`). */
const MAX_OVERRIDES_PER_GROUP = 100;

/** Rule and web ACL names: `EntityName` of the AWS::WAFv2::WebACL resource schema. */
export const WEB_ACL_NAME_RULE: NameRule = {
  maxLength: 128,
  pattern: /^[0-9A-Za-z_-]*$/,
  patternDescription: 'letters, digits, hyphens and underscores',
};

/**
 * Metric names WAF reserves, which a web ACL or rule metric name must not equal: see the
 * MetricName property of VisibilityConfig in the AWS::WAFv2::WebACL documentation.
 */
const RESERVED_METRIC_NAMES = ['All', 'Default_Action'];

/** Path rate limit names: the rule name `PathRateLimit-<name>` must stay within 128 characters. */
const PATH_RATE_LIMIT_NAME_RULE: NameRule = {
  ...WEB_ACL_NAME_RULE,
  maxLength: WEB_ACL_NAME_RULE.maxLength - RULE_NAMES.pathRateLimitPrefix.length,
};

/** Prefix WAF requires of a CloudWatch Logs log group that receives web ACL logs. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** CloudWatch Logs log group names: 1–512 characters of `[.\-_/#A-Za-z0-9]`. */
const LOG_GROUP_NAME_RULE: NameRule = {
  maxLength: 512,
  pattern: /^[.\-_/#A-Za-z0-9]*$/,
  patternDescription: 'letters, digits and the characters . - _ / #',
};

/** Forwarded-IP header names: `^[a-zA-Z0-9-]{1,255}$` in the resource schema. */
const HEADER_NAME_RULE: NameRule = {
  maxLength: 255,
  pattern: /^[a-zA-Z0-9-]*$/,
  patternDescription: 'letters, digits and hyphens',
};

/** Throws a {@link ScaleUpValidationError} for the first invalid prop of a WebFirewall. */
export function validateWebFirewallProps(scope: IConstruct, props: WebFirewallProps): void {
  checkResourceName(scope, 'webAclName', props.webAclName, WEB_ACL_NAME_RULE);
  checkNotReservedMetricName(scope, 'webAclName', props.webAclName);
  checkLogGroupName(scope, props.logGroupName);

  checkRateLimit(scope, 'rateLimit', props.rateLimit);
  checkEvaluationWindow(scope, 'rateLimitWindow', props.rateLimitWindow);
  checkPathRateLimits(scope, props.pathRateLimits ?? []);
  if (props.forwardedIp) {
    checkResourceName(scope, 'forwardedIp.headerName', props.forwardedIp.headerName, HEADER_NAME_RULE);
  }
  checkResponseBody(scope, props.rateLimitResponseBody);

  checkCidrs(scope, 'allowedIpCidrs', props.allowedIpCidrs);
  checkCidrs(scope, 'blockedIpCidrs', props.blockedIpCidrs);
  checkCountryCodes(scope, 'allowedCountryCodes', props.allowedCountryCodes);
  checkCountryCodes(scope, 'blockedCountryCodes', props.blockedCountryCodes);
  if (nonEmpty(props.allowedCountryCodes) && nonEmpty(props.blockedCountryCodes)) {
    throw new ScaleUpValidationError(
      scope,
      'allowedCountryCodes/blockedCountryCodes',
      'got both; give allowedCountryCodes to block every other country, or blockedCountryCodes to block ' +
        'only those, not both',
    );
  }

  if (props.botControlInspectionLevel !== undefined && !props.botControl) {
    throw new ScaleUpValidationError(
      scope,
      'botControlInspectionLevel',
      `got ${describeValue(props.botControlInspectionLevel)} but botControl is not true; ` +
        'set botControl: true or remove botControlInspectionLevel',
    );
  }
  checkManagedRuleOverrides(scope, props);
}

/** Managed rule groups that the props turn on, in the order their rules run. */
export function enabledManagedRuleGroups(props: WebFirewallProps): ManagedRuleGroup[] {
  const switches: Array<[ManagedRuleGroup, boolean]> = [
    [ManagedRuleGroup.AMAZON_IP_REPUTATION_LIST, props.ipReputationList ?? true],
    [ManagedRuleGroup.ANONYMOUS_IP_LIST, props.anonymousIpList ?? false],
    [ManagedRuleGroup.KNOWN_BAD_INPUTS, props.knownBadInputsRuleSet ?? true],
    [ManagedRuleGroup.COMMON_RULE_SET, props.commonRuleSet ?? true],
    [ManagedRuleGroup.SQLI_RULE_SET, props.sqliRuleSet ?? true],
    [ManagedRuleGroup.BOT_CONTROL_RULE_SET, props.botControl ?? false],
  ];
  return switches.filter(([, enabled]) => enabled).map(([group]) => group);
}

function checkRateLimit(scope: IConstruct, prop: string, limit: number | undefined): void {
  checkIntegerRange(scope, prop, limit, MIN_RATE_LIMIT, MAX_RATE_LIMIT, 'requests');
  if (limit !== undefined && !Token.isUnresolved(limit) && limit < RATE_LIMIT_SUPPORTED_EVERYWHERE) {
    Annotations.of(scope).addWarningV2(
      'cdk-scaleup:waf-rate-limit-below-100',
      `${prop} is ${limit}. WAF accepts rate limits from ${MIN_RATE_LIMIT} in most commercial regions, ` +
        `but some regions (GovCloud, China and several newer regions) accept only ${RATE_LIMIT_SUPPORTED_EVERYWHERE} ` +
        'or more; the deploy fails there.',
    );
  }
}

function checkEvaluationWindow(scope: IConstruct, prop: string, window: Duration | undefined): void {
  if (window === undefined || window.isUnresolved()) {
    return;
  }
  const seconds = window.toSeconds({ integral: false });
  if (!EVALUATION_WINDOWS_SECONDS.includes(seconds)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${seconds} seconds; allowed values are ${EVALUATION_WINDOWS_SECONDS.join(', ')} seconds`,
    );
  }
}

function checkPathRateLimits(scope: IConstruct, pathRateLimits: PathRateLimit[]): void {
  const seen = new Set<string>();
  pathRateLimits.forEach((pathRateLimit, index) => {
    const label = `pathRateLimits[${pathRateLimit.name || index}]`;
    checkResourceName(scope, `${label}.name`, pathRateLimit.name, PATH_RATE_LIMIT_NAME_RULE);
    if (seen.has(pathRateLimit.name)) {
      throw new ScaleUpValidationError(
        scope,
        `${label}.name`,
        `got ${describeValue(pathRateLimit.name)} a second time; every path rate limit needs its own name`,
      );
    }
    seen.add(pathRateLimit.name);

    checkRateLimit(scope, `${label}.limit`, pathRateLimit.limit);
    checkEvaluationWindow(scope, `${label}.evaluationWindow`, pathRateLimit.evaluationWindow);

    const givenPaths = [pathRateLimit.pathPrefix, pathRateLimit.exactPath].filter(
      (path) => path !== undefined,
    );
    if (givenPaths.length !== 1) {
      throw new ScaleUpValidationError(
        scope,
        `${label}.pathPrefix/exactPath`,
        `got ${givenPaths.length === 0 ? 'neither' : 'both'}; a path rate limit needs exactly one of pathPrefix ` +
          "(for example '/api/') and exactPath (for example '/login')",
      );
    }
    if (pathRateLimit.pathPrefix !== undefined) {
      checkPath(scope, `${label}.pathPrefix`, pathRateLimit.pathPrefix);
    } else {
      checkPath(scope, `${label}.exactPath`, pathRateLimit.exactPath as string);
    }
  });
}

function checkPath(scope: IConstruct, prop: string, path: string): void {
  if (Token.isUnresolved(path)) {
    return;
  }
  const bytes = new TextEncoder().encode(path).length;
  const problems: string[] = [];
  if (!path.startsWith('/')) {
    problems.push("must start with '/'");
  }
  if (/[\s?#]/.test(path)) {
    problems.push(
      'must not contain whitespace, ? or # (the query string and fragment are not part of the path)',
    );
  }
  if (bytes > MAX_SEARCH_STRING_BYTES) {
    problems.push(`must be at most ${MAX_SEARCH_STRING_BYTES} bytes long (got ${bytes})`);
  }
  if (problems.length > 0) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(path)}; the path ${problems.join(', ')}`,
    );
  }
}

function checkResponseBody(scope: IConstruct, body: string | undefined): void {
  if (body === undefined || Token.isUnresolved(body)) {
    return;
  }
  if (body.length === 0 || body.length > MAX_RESPONSE_BODY_LENGTH) {
    throw new ScaleUpValidationError(
      scope,
      'rateLimitResponseBody',
      `got ${body.length} characters; the body must be 1 to ${MAX_RESPONSE_BODY_LENGTH} characters long`,
    );
  }
}

function checkCidrs(scope: IConstruct, prop: string, cidrs: string[] | undefined): void {
  if (cidrs === undefined || Token.isUnresolved(cidrs)) {
    return;
  }
  cidrs.forEach((cidr, index) => {
    if (Token.isUnresolved(cidr)) {
      return;
    }
    const result = parseCidr(cidr.trim());
    if (result.problem) {
      throw new ScaleUpValidationError(
        scope,
        `${prop}[${index}]`,
        `got ${describeValue(cidr)}; ${result.problem}. Examples: 192.0.2.0/24, 203.0.113.7/32, 2001:db8::/32`,
      );
    }
  });
}

function checkCountryCodes(scope: IConstruct, prop: string, codes: string[] | undefined): void {
  if (codes === undefined || Token.isUnresolved(codes)) {
    return;
  }
  codes.forEach((code, index) => {
    if (Token.isUnresolved(code)) {
      return;
    }
    if (!ISO_3166_ALPHA2_CODES.has(code.trim().toUpperCase())) {
      throw new ScaleUpValidationError(
        scope,
        `${prop}[${index}]`,
        `got ${describeValue(code)}; must be an ISO 3166-1 alpha-2 country code, for example US, DE or JP`,
      );
    }
  });
}

function checkManagedRuleOverrides(scope: IConstruct, props: WebFirewallProps): void {
  const enabled = enabledManagedRuleGroups(props);
  const seen = new Set<string>();
  const perGroup = new Map<ManagedRuleGroup, number>();
  (props.managedRuleOverrides ?? []).forEach((override, index) => {
    const prop = `managedRuleOverrides[${index}]`;
    if (!enabled.includes(override.ruleGroup)) {
      throw new ScaleUpValidationError(
        scope,
        `${prop}.ruleGroup`,
        `got ${describeValue(override.ruleGroup)}, which is not enabled; enabled groups are ${enabled.join(', ') || 'none'}`,
      );
    }
    checkResourceName(scope, `${prop}.ruleName`, override.ruleName, WEB_ACL_NAME_RULE);

    const key = `${override.ruleGroup}/${override.ruleName}`;
    if (seen.has(key)) {
      throw new ScaleUpValidationError(
        scope,
        `${prop}.ruleName`,
        `got ${describeValue(override.ruleName)} of ${override.ruleGroup} a second time; override each rule once`,
      );
    }
    seen.add(key);

    const count = (perGroup.get(override.ruleGroup) ?? 0) + 1;
    perGroup.set(override.ruleGroup, count);
    if (count > MAX_OVERRIDES_PER_GROUP) {
      throw new ScaleUpValidationError(
        scope,
        'managedRuleOverrides',
        `got ${count} overrides for ${override.ruleGroup}; a rule group takes at most ${MAX_OVERRIDES_PER_GROUP}`,
      );
    }
  });
}

function checkNotReservedMetricName(scope: IConstruct, prop: string, name: string | undefined): void {
  if (name !== undefined && RESERVED_METRIC_NAMES.includes(name)) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(name)}, a metric name WAF reserves; choose a name other than ${RESERVED_METRIC_NAMES.join(' and ')}`,
    );
  }
}

function checkLogGroupName(scope: IConstruct, name: string | undefined): void {
  checkResourceName(scope, 'logGroupName', name, LOG_GROUP_NAME_RULE);
  if (name !== undefined && !Token.isUnresolved(name) && !name.startsWith(WAF_LOG_GROUP_PREFIX)) {
    throw new ScaleUpValidationError(
      scope,
      'logGroupName',
      `got ${describeValue(name)}; WAF writes logs only to log groups whose name starts with ` +
        `"${WAF_LOG_GROUP_PREFIX}", for example "${WAF_LOG_GROUP_PREFIX}my-app"`,
    );
  }
}

function nonEmpty(list: string[] | undefined): boolean {
  return list !== undefined && list.length > 0;
}
