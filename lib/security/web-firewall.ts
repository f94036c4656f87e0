import { ArnFormat, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { IFirewallMetrics } from '../core/tier-metrics';
import { acknowledgeLogGroupServiceEncryption } from '../core/acknowledgements';
import { ScaleUpValidationError } from '../core/errors';
import { ProfileSettings, Profiles } from '../core/profiles';
import { StatefulKind, removalPolicyFor } from '../core/removal';
import { IpVersion, parseCidr } from '../core/cidr';
import {
  RATE_LIMITED_BODY_KEY,
  RULE_NAMES,
  UnprioritizedRule,
  geoRule,
  ipSetRule,
  managedGroupRule,
  rateRule,
  visibilityConfig,
} from './private/rules';
import {
  WAF_LOG_GROUP_PREFIX,
  enabledManagedRuleGroups,
  validateWebFirewallProps,
} from './private/validate-web-firewall-props';
import {
  BotControlInspectionLevel,
  ForwardedIpFallbackBehavior,
  ForwardedIpOptions,
  ManagedRuleAction,
  ManagedRuleGroup,
  ManagedRuleOverride,
  PathRateLimit,
  ResponseContentType,
} from './web-firewall-options';

/** Options of {@link WebFirewall} that {@link ScalableWebApp} passes through unchanged. */
export interface WebFirewallOptions {
  /**
   * Name of the web ACL, also its CloudWatch metric name (the `WebACL` dimension). Letters,
   * digits, hyphens and underscores, 1–128 characters, not `All` or `Default_Action`. Changing
   * it replaces the web ACL.
   * @default - a name unique to the construct path, for example `TestStack-Firewall-1A2B3C4D`
   */
  readonly webAclName?: string;

  // --- rate limits ---------------------------------------------------------------------------

  /**
   * Maximum requests per client IP address within `rateLimitWindow`; the requests over it get
   * HTTP 429. Integer from 10 to 2,000,000,000. Below 100 the construct warns, because some
   * regions reject such limits.
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * Time span over which the global rate limit counts requests: 60, 120, 300 or 600 seconds.
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;

  /**
   * Stricter limits for single paths, for example `{ name: 'login', exactPath: '/login', limit: 100 }`.
   * They run before the global rate limit, so a request over a path limit gets HTTP 429 even
   * when the client is under the global limit.
   * @default - none
   */
  readonly pathRateLimits?: PathRateLimit[];

  /**
   * Take the client address from a header set by a CDN or proxy in front of the load balancer.
   * The rate limits, the block list and the geo rule use it. The allow list always uses the
   * address of the connection, because a client can write any address into the header.
   * @default - the address of the connection
   */
  readonly forwardedIp?: ForwardedIpOptions;

  /**
   * Body of the HTTP 429 response to a rate-limited request, 1–10,240 characters.
   * @default - `{"message":"Too many requests. Retry later."}`
   */
  readonly rateLimitResponseBody?: string;

  /**
   * Content type of `rateLimitResponseBody`.
   * @default ResponseContentType.APPLICATION_JSON
   */
  readonly rateLimitResponseContentType?: ResponseContentType;

  // --- AWS managed rule groups ---------------------------------------------------------------

  /**
   * Whether the core rule set (AWSManagedRulesCommonRuleSet) runs.
   * @default true
   */
  readonly commonRuleSet?: boolean;

  /**
   * Whether the known bad inputs rule group (AWSManagedRulesKnownBadInputsRuleSet) runs.
   * @default true
   */
  readonly knownBadInputsRuleSet?: boolean;

  /**
   * Whether the Amazon IP reputation list (AWSManagedRulesAmazonIpReputationList) runs.
   * @default true
   */
  readonly ipReputationList?: boolean;

  /**
   * Whether the SQL injection rule group (AWSManagedRulesSQLiRuleSet) runs.
   * @default true
   */
  readonly sqliRuleSet?: boolean;

  /**
   * Whether the anonymous IP list (AWSManagedRulesAnonymousIpList) runs. It blocks VPNs, proxies
   * and hosting providers, which some legitimate users come from.
   * @default false
   */
  readonly anonymousIpList?: boolean;

  /**
   * Whether Bot Control (AWSManagedRulesBotControlRuleSet) runs. Unlike the other managed rule
   * groups here, Bot Control is charged per request it inspects, on top of the standard WAF
   * charges. The AWS WAF pricing page lists the fee of each inspection level.
   * @default false
   */
  readonly botControl?: boolean;

  /**
   * Protection level of Bot Control; only with `botControl: true`.
   * @default BotControlInspectionLevel.COMMON
   */
  readonly botControlInspectionLevel?: BotControlInspectionLevel;

  /**
   * Rules of the managed groups whose action is replaced, usually by COUNT to stop a false
   * positive while keeping its metric, for example
   * `{ ruleGroup: ManagedRuleGroup.COMMON_RULE_SET, ruleName: 'SizeRestrictions_BODY' }`.
   * @default - every rule keeps its own action
   */
  readonly managedRuleOverrides?: ManagedRuleOverride[];

  // --- IP and geo rules ----------------------------------------------------------------------

  /**
   * IPv4 and IPv6 CIDR blocks whose requests are allowed without passing any other rule, for
   * example monitoring probes or an office network. Prefix lengths 1–32 (IPv4) and 1–128 (IPv6);
   * the address must be the network address (`10.0.0.0/8`, not `10.0.0.1/8`).
   * @default - no allow list
   */
  readonly allowedIpCidrs?: string[];

  /**
   * IPv4 and IPv6 CIDR blocks whose requests are blocked, with the same format as `allowedIpCidrs`.
   * @default - no block list
   */
  readonly blockedIpCidrs?: string[];

  /**
   * ISO 3166-1 alpha-2 codes of the countries whose requests are blocked, for example `['KP']`.
   * Not together with `allowedCountryCodes`.
   * @default - no country is blocked
   */
  readonly blockedCountryCodes?: string[];

  /**
   * ISO 3166-1 alpha-2 codes of the only countries whose requests are allowed, for example
   * `['DE', 'AT', 'CH']`; requests from every other country are blocked. Not together with
   * `blockedCountryCodes`.
   * @default - every country is allowed
   */
  readonly allowedCountryCodes?: string[];

  // --- logging -------------------------------------------------------------------------------

  /**
   * Name of the log group that receives the web ACL logs. WAF requires the `aws-waf-logs-` prefix.
   * Changing it replaces the log group.
   * @default - `aws-waf-logs-` followed by a name unique to the construct path
   */
  readonly logGroupName?: string;

  /**
   * Retention of the web ACL logs.
   * @default - the profile's `logRetention` (dev 1 week, prod 3 months)
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Props of {@link WebFirewall}. */
export interface WebFirewallProps extends WebFirewallOptions {
  /** Application Load Balancer the web ACL protects. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Profile that supplies the defaults (log retention, removal policy of the log group).
   * @default Profiles.DEV
   */
  readonly profile?: ProfileSettings;
}

/** Global rate limit when none is given, per client IP address and 5-minute window. */
const DEFAULT_RATE_LIMIT = 2000;

const DEFAULT_EVALUATION_WINDOW = Duration.minutes(5);

const DEFAULT_RATE_LIMIT_RESPONSE_BODY = JSON.stringify({ message: 'Too many requests. Retry later.' });

/**
 * Request headers kept out of the logs because they carry credentials and session tokens.
 * WAF matches header names case-insensitively.
 */
const REDACTED_HEADERS = ['authorization', 'cookie'];

/** The `Rule` dimension value under which WAF reports the totals of the whole web ACL. */
const ALL_RULES_DIMENSION = 'ALL';

/**
 * The edge security tier: a regional WAFv2 web ACL in front of an Application Load Balancer.
 * It adds per-IP rate limits (HTTP 429), IP allow and block lists, a geo rule and AWS managed
 * rule groups, and writes logs to CloudWatch Logs with credentials redacted.
 *
 * Rules run in this order, which sets their priorities from 0 upwards. First come the allow
 * list, the block list, the geo rule, the path rate limits (in the given order) and the global
 * rate limit. The managed rule groups follow: IP reputation, anonymous IP, known bad inputs,
 * core rule set, SQL injection, Bot Control. Absent rules take no priority number. Every rule publishes CloudWatch metrics and
 * sampled requests under its own name.
 */
export class WebFirewall extends Construct implements IFirewallMetrics {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** Name of the web ACL, also the value of the `WebACL` metric dimension. */
  public readonly webAclName: string;
  /** ARN of the web ACL. */
  public readonly webAclArn: string;
  /** Association of the web ACL with the load balancer. */
  public readonly association: wafv2.CfnWebACLAssociation;
  /** Log group that receives the web ACL logs. */
  public readonly logGroup: logs.LogGroup;
  /** Logging configuration that sends the web ACL logs to `logGroup`. */
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;
  /** IP sets of the allow list, one per IP version in use; empty without an allow list. */
  public readonly allowListIpSets: wafv2.CfnIPSet[];
  /** IP sets of the block list, one per IP version in use; empty without a block list. */
  public readonly blockListIpSets: wafv2.CfnIPSet[];
  /** Rule names in priority order; each is also the rule's metric name (the `Rule` dimension). */
  public readonly ruleNames: string[];
  /** Name of the global rate-based rule. */
  public readonly rateLimitRuleName: string;

  private readonly pathRateLimitRuleNames = new Map<string, string>();

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const profile = props.profile ?? Profiles.DEV;
    validateWebFirewallProps(this, props);

    this.webAclName =
      props.webAclName ??
      Names.uniqueResourceName(this, { maxLength: 128, separator: '-', allowedSpecialCharacters: '-_' });
    const forwardedIp = forwardedIpConfig(props.forwardedIp);

    // IP sets, then the rules in priority order.
    this.allowListIpSets = this.createIpSets('AllowList', props.allowedIpCidrs ?? []);
    this.blockListIpSets = this.createIpSets('BlockList', props.blockedIpCidrs ?? []);
    this.rateLimitRuleName = RULE_NAMES.rateLimit;
    const rules = this.buildRules(props, forwardedIp);
    this.ruleNames = rules.map((rule) => rule.name);

    // Web ACL and its association with the load balancer.
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      description: 'Rate limits, IP and geo rules and AWS managed rules for an Application Load Balancer',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibilityConfig(this.webAclName),
      customResponseBodies: {
        [RATE_LIMITED_BODY_KEY]: {
          contentType: props.rateLimitResponseContentType ?? ResponseContentType.APPLICATION_JSON,
          content: props.rateLimitResponseBody ?? DEFAULT_RATE_LIMIT_RESPONSE_BODY,
        },
      },
      rules: rules.map((rule, priority) => ({ ...rule, priority })),
    });
    this.webAclArn = this.webAcl.attrArn;
    this.association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAclArn,
    });

    // Logs.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName:
        props.logGroupName ??
        WAF_LOG_GROUP_PREFIX +
          Names.uniqueResourceName(this, {
            maxLength: 512 - WAF_LOG_GROUP_PREFIX.length,
            separator: '-',
            allowedSpecialCharacters: '-_',
          }),
      retention: props.logRetention ?? profile.logRetention,
      removalPolicy: removalPolicyFor(profile, StatefulKind.DATA),
    });
    acknowledgeLogGroupServiceEncryption(this.logGroup);
    this.loggingConfiguration = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      logDestinationConfigs: [this.logGroupArnWithoutWildcard()],
      // The SingleHeader field is untyped JSON in the CDK, so its key is spelled as in CloudFormation.
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
  }

  // --- metrics --------------------------------------------------------------------------------

  /** Requests the web ACL allowed, summed per period (count). */
  public metricAllowedRequestsSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('AllowedRequests', ALL_RULES_DIMENSION, props);
  }

  /** Requests the web ACL blocked, rate-limited ones included, summed per period (count). */
  public metricBlockedRequestsSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('BlockedRequests', ALL_RULES_DIMENSION, props);
  }

  /** Requests that matched a rule whose action is count, summed per period (count). */
  public metricCountedRequestsSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('CountedRequests', ALL_RULES_DIMENSION, props);
  }

  /**
   * Requests the global rate limit blocked with HTTP 429, summed per period (count). WAF reports
   * them as BlockedRequests of the rate-based rule.
   */
  public metricRateLimitedRequestsSum(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('BlockedRequests', this.rateLimitRuleName, props);
  }

  /**
   * Requests the path rate limit `name` blocked with HTTP 429, summed per period (count).
   *
   * @param name the `name` of one of the `pathRateLimits`
   */
  public metricPathRateLimitedRequestsSum(name: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const ruleName = this.pathRateLimitRuleNames.get(name);
    if (ruleName === undefined) {
      const known = [...this.pathRateLimitRuleNames.keys()];
      throw new ScaleUpValidationError(
        this,
        'name',
        `got ${JSON.stringify(name)}, which is not a path rate limit of this firewall; ` +
          `known names are ${known.length > 0 ? known.join(', ') : 'none'}`,
      );
    }
    return this.wafMetric('BlockedRequests', ruleName, props);
  }

  private wafMetric(metricName: string, rule: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: { WebACL: this.webAclName, Region: Stack.of(this).region, Rule: rule },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  // --- construction steps ---------------------------------------------------------------------

  /** Creates one IP set per IP version that `cidrs` contains. */
  private createIpSets(id: string, cidrs: string[]): wafv2.CfnIPSet[] {
    const byVersion = new Map<IpVersion, Set<string>>();
    for (const cidr of cidrs.map((value) => value.trim())) {
      // NOTE: an unresolved token cannot be parsed, so it goes into the IPv4 set, and an IPv6
      // address behind a token fails at deploy time.
      const version = parseCidr(cidr).version ?? IpVersion.IPV4;
      byVersion.set(version, (byVersion.get(version) ?? new Set()).add(cidr));
    }

    const ipSets: wafv2.CfnIPSet[] = [];
    for (const version of [IpVersion.IPV4, IpVersion.IPV6]) {
      const addresses = byVersion.get(version);
      if (!addresses) {
        continue;
      }
      const suffix = version === IpVersion.IPV4 ? 'Ipv4' : 'Ipv6';
      ipSets.push(
        new wafv2.CfnIPSet(this, `${id}${suffix}`, {
          scope: 'REGIONAL',
          ipAddressVersion: version,
          addresses: [...addresses],
        }),
      );
    }
    return ipSets;
  }

  private buildRules(
    props: WebFirewallProps,
    forwardedIp?: wafv2.CfnWebACL.ForwardedIPConfigurationProperty,
  ): UnprioritizedRule[] {
    const rules: UnprioritizedRule[] = [];

    if (this.allowListIpSets.length > 0) {
      const arns = this.allowListIpSets.map((ipSet) => ipSet.attrArn);
      rules.push(ipSetRule(RULE_NAMES.allowList, { allow: {} }, arns));
    }
    if (this.blockListIpSets.length > 0) {
      const arns = this.blockListIpSets.map((ipSet) => ipSet.attrArn);
      rules.push(ipSetRule(RULE_NAMES.blockList, { block: {} }, arns, forwardedIp));
    }

    const allowedCountries = normalizeCountryCodes(props.allowedCountryCodes);
    const blockedCountries = normalizeCountryCodes(props.blockedCountryCodes);
    if (allowedCountries.length > 0) {
      rules.push(geoRule(allowedCountries, true, forwardedIp));
    } else if (blockedCountries.length > 0) {
      rules.push(geoRule(blockedCountries, false, forwardedIp));
    }

    for (const pathRateLimit of props.pathRateLimits ?? []) {
      const name = `${RULE_NAMES.pathRateLimitPrefix}${pathRateLimit.name}`;
      this.pathRateLimitRuleNames.set(pathRateLimit.name, name);
      rules.push(
        rateRule({
          name,
          limit: pathRateLimit.limit,
          evaluationWindowSec: (pathRateLimit.evaluationWindow ?? DEFAULT_EVALUATION_WINDOW).toSeconds(),
          forwardedIp,
          path: pathRateLimit.exactPath ?? pathRateLimit.pathPrefix,
          exactPath: pathRateLimit.exactPath !== undefined,
        }),
      );
    }
    rules.push(
      rateRule({
        name: this.rateLimitRuleName,
        limit: props.rateLimit ?? DEFAULT_RATE_LIMIT,
        evaluationWindowSec: (props.rateLimitWindow ?? DEFAULT_EVALUATION_WINDOW).toSeconds(),
        forwardedIp,
      }),
    );

    for (const group of enabledManagedRuleGroups(props)) {
      rules.push(
        managedGroupRule({
          group,
          overrides: overridesOf(group, props.managedRuleOverrides ?? []),
          botControlInspectionLevel: props.botControlInspectionLevel ?? BotControlInspectionLevel.COMMON,
        }),
      );
    }
    return rules;
  }

  /**
   * ARN of the log group in the form WAF expects. `logGroupArn` ends in `:*` (the CloudFormation
   * `Arn` attribute of a log group does), which is not the documented log destination format.
   */
  private logGroupArnWithoutWildcard(): string {
    return Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

function forwardedIpConfig(
  options: ForwardedIpOptions | undefined,
): wafv2.CfnWebACL.ForwardedIPConfigurationProperty | undefined {
  if (!options) {
    return undefined;
  }
  return {
    headerName: options.headerName,
    fallbackBehavior: options.fallbackBehavior ?? ForwardedIpFallbackBehavior.NO_MATCH,
  };
}

/** Upper-cases and deduplicates country codes; unresolved tokens pass unchanged. */
function normalizeCountryCodes(codes: string[] | undefined): string[] {
  const normalized = (codes ?? []).map((code) =>
    Token.isUnresolved(code) ? code : code.trim().toUpperCase(),
  );
  return [...new Set(normalized)];
}

function overridesOf(
  group: ManagedRuleGroup,
  overrides: ManagedRuleOverride[],
): Map<string, ManagedRuleAction> {
  const actions = new Map<string, ManagedRuleAction>();
  for (const override of overrides.filter((candidate) => candidate.ruleGroup === group)) {
    actions.set(override.ruleName, override.action ?? ManagedRuleAction.COUNT);
  }
  return actions;
}
