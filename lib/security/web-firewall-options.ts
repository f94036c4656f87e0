import { Duration } from 'aws-cdk-lib';

/** AWS managed rule groups that {@link WebFirewall} can add to its web ACL. */
export enum ManagedRuleGroup {
  /** Core rule set: common web exploits from the OWASP Top 10. */
  COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet',
  /** Request patterns known to be invalid or to exploit vulnerabilities, such as Log4j. */
  KNOWN_BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet',
  /** IP addresses that Amazon threat intelligence lists as bots or threat sources. */
  AMAZON_IP_REPUTATION_LIST = 'AWSManagedRulesAmazonIpReputationList',
  /** SQL injection patterns in the URI, query string, body and cookies. */
  SQLI_RULE_SET = 'AWSManagedRulesSQLiRuleSet',
  /** Requests from VPNs, proxies, Tor nodes and hosting providers. */
  ANONYMOUS_IP_LIST = 'AWSManagedRulesAnonymousIpList',
  /** Bot Control: verified and unverified bots, charged per request on top of WAF. */
  BOT_CONTROL_RULE_SET = 'AWSManagedRulesBotControlRuleSet',
}

/** Action that replaces the action of one rule inside a managed rule group. */
export enum ManagedRuleAction {
  /** Count matching requests without blocking them: the usual fix for a false positive. */
  COUNT = 'COUNT',
  /** Block matching requests, for rules whose own action is count. */
  BLOCK = 'BLOCK',
}

/** Protection level of the Bot Control rule group. */
export enum BotControlInspectionLevel {
  /** Detects self-identifying bots and verifies them. */
  COMMON = 'COMMON',
  /** Adds detection of bots that do not identify themselves; the AWS WAF pricing page lists its fee. */
  TARGETED = 'TARGETED',
}

/** Match result of a rule for a request that lacks the forwarded-IP header or has an invalid address in it. */
export enum ForwardedIpFallbackBehavior {
  /** Treat the request as matching the rule. */
  MATCH = 'MATCH',
  /** Treat the request as not matching the rule. */
  NO_MATCH = 'NO_MATCH',
}

/** Content type of the body that the web ACL returns with a rate-limited request. */
export enum ResponseContentType {
  /** `text/plain` */
  TEXT_PLAIN = 'TEXT_PLAIN',
  /** `text/html` */
  TEXT_HTML = 'TEXT_HTML',
  /** `application/json` */
  APPLICATION_JSON = 'APPLICATION_JSON',
}

/**
 * Client address taken from an HTTP header rather than from the connection, for a load balancer
 * behind a CDN or proxy, where every connection comes from the proxy's own addresses.
 */
export interface ForwardedIpOptions {
  /**
   * Header that carries the client address, for example `X-Forwarded-For`. WAF uses the first
   * address in the header. Letters, digits and hyphens only, 1–255 characters.
   */
  readonly headerName: string;

  /**
   * Match result for a request that lacks the header or has an invalid address in it.
   * @default ForwardedIpFallbackBehavior.NO_MATCH
   */
  readonly fallbackBehavior?: ForwardedIpFallbackBehavior;
}

/**
 * A rate limit for one URI path, stricter than the global limit, for example on a login page.
 *
 * The path is matched after URL decoding, path normalisation (duplicate slashes and `.`/`..`
 * segments removed) and lower-casing, so `/LOGIN` and `//login` count towards `/login` too.
 * Give exactly one of `pathPrefix` and `exactPath`.
 */
export interface PathRateLimit {
  /**
   * Short name of the limit, used in the rule name `PathRateLimit-<name>` and its metric.
   * Letters, digits, hyphens and underscores, 1–114 characters (a rule name has at most 128);
   * unique among the path limits.
   */
  readonly name: string;

  /**
   * Path prefix the limit applies to, for example `/api/`. Starts with `/`, at most 200 bytes.
   * @default - none; give `exactPath` instead
   */
  readonly pathPrefix?: string;

  /**
   * Exact path the limit applies to, for example `/login`. Starts with `/`, at most 200 bytes.
   * @default - none; give `pathPrefix` instead
   */
  readonly exactPath?: string;

  /** Maximum requests per client IP address within the evaluation window. */
  readonly limit: number;

  /**
   * Time span over which WAF counts requests: 60, 120, 300 or 600 seconds.
   * @default Duration.minutes(5)
   */
  readonly evaluationWindow?: Duration;
}

/** Replacement of the action of one rule in a managed rule group, to handle a false positive. */
export interface ManagedRuleOverride {
  /** Rule group that contains the rule; the group must be enabled. */
  readonly ruleGroup: ManagedRuleGroup;

  /** Name of the rule inside the group, for example `SizeRestrictions_BODY`. */
  readonly ruleName: string;

  /**
   * Action to use for the rule instead of its own.
   * @default ManagedRuleAction.COUNT
   */
  readonly action?: ManagedRuleAction;
}
