import { App, CfnParameter, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Profiles } from '../../lib/core/profiles';
import {
  BotControlInspectionLevel,
  ForwardedIpFallbackBehavior,
  ManagedRuleAction,
  ManagedRuleGroup,
  ResponseContentType,
  WebFirewall,
  WebFirewallProps,
} from '../../lib/security';
import { createTestStack } from '../helpers';

// --- fixtures -----------------------------------------------------------------------------------

interface Fixture {
  readonly stack: Stack;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
}

/** Creates a stack with an internet-facing ALB, the resource the web ACL protects, in a two-AZ VPC. */
function createFixture(context: Record<string, unknown> = {}): Fixture {
  const stack = createTestStack(context);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  return { stack, loadBalancer };
}

function createFirewall(props: Partial<WebFirewallProps> = {}, fixture = createFixture()): WebFirewall {
  return new WebFirewall(fixture.stack, 'Firewall', { loadBalancer: fixture.loadBalancer, ...props });
}

function synthFirewall(props: Partial<WebFirewallProps> = {}): { firewall: WebFirewall; template: Template } {
  const firewall = createFirewall(props);
  return { firewall, template: Template.fromStack(Stack.of(firewall)) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function webAclProperties(template: Template): Json {
  const webAcls = Object.values(template.findResources('AWS::WAFv2::WebACL'));
  expect(webAcls).toHaveLength(1);
  return (webAcls[0] as Json).Properties;
}

function rules(template: Template): Json[] {
  return webAclProperties(template).Rules;
}

function rule(template: Template, name: string): Json {
  const found = rules(template).find((candidate: Json) => candidate.Name === name);
  expect(found).toBeDefined();
  return found;
}

const EVERY_OPTION: Partial<WebFirewallProps> = {
  rateLimit: 1000,
  rateLimitWindow: Duration.minutes(10),
  pathRateLimits: [
    { name: 'login', exactPath: '/login', limit: 100, evaluationWindow: Duration.minutes(1) },
    { name: 'api', pathPrefix: '/api/', limit: 500 },
  ],
  forwardedIp: { headerName: 'X-Forwarded-For', fallbackBehavior: ForwardedIpFallbackBehavior.MATCH },
  rateLimitResponseBody: 'Slow down',
  rateLimitResponseContentType: ResponseContentType.TEXT_PLAIN,
  anonymousIpList: true,
  botControl: true,
  botControlInspectionLevel: BotControlInspectionLevel.TARGETED,
  managedRuleOverrides: [
    { ruleGroup: ManagedRuleGroup.COMMON_RULE_SET, ruleName: 'SizeRestrictions_BODY' },
    {
      ruleGroup: ManagedRuleGroup.BOT_CONTROL_RULE_SET,
      ruleName: 'CategoryHttpLibrary',
      action: ManagedRuleAction.BLOCK,
    },
  ],
  allowedIpCidrs: ['192.0.2.0/24', '2001:db8::/32'],
  blockedIpCidrs: ['203.0.113.7/32', '2001:db8:ffff::/48'],
  blockedCountryCodes: ['KP'],
};

// --- defaults -----------------------------------------------------------------------------------

describe('WebFirewall defaults', () => {
  let firewall: WebFirewall;
  let template: Template;

  beforeAll(() => {
    ({ firewall, template } = synthFirewall());
  });

  test('web ACL is regional and allows by default', () => {
    const properties = webAclProperties(template);
    expect(properties.Scope).toBe('REGIONAL');
    expect(properties.DefaultAction).toEqual({ Allow: {} });
  });

  test('web ACL name is its metric name', () => {
    const properties = webAclProperties(template);
    expect(properties.Name).toMatch(/^TestStack-Firewall-[0-9A-F]{8}$/);
    expect(properties.Name).toBe(firewall.webAclName);
    expect(properties.VisibilityConfig).toEqual({
      CloudWatchMetricsEnabled: true,
      SampledRequestsEnabled: true,
      MetricName: properties.Name,
    });
  });

  test('rules run in the documented order', () => {
    expect(rules(template).map((candidate: Json) => [candidate.Priority, candidate.Name])).toEqual([
      [0, 'RateLimit'],
      [1, 'AWS-AWSManagedRulesAmazonIpReputationList'],
      [2, 'AWS-AWSManagedRulesKnownBadInputsRuleSet'],
      [3, 'AWS-AWSManagedRulesCommonRuleSet'],
      [4, 'AWS-AWSManagedRulesSQLiRuleSet'],
    ]);
    expect(firewall.ruleNames).toEqual(rules(template).map((candidate: Json) => candidate.Name));
  });

  test('global rate limit is 2000 per IP per 5 minutes', () => {
    expect(rule(template, 'RateLimit').Statement).toEqual({
      RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' },
    });
  });

  test('rate-limited requests get 429 with the JSON body', () => {
    expect(rule(template, 'RateLimit').Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' } },
    });
    expect(webAclProperties(template).CustomResponseBodies).toEqual({
      'rate-limited': {
        ContentType: 'APPLICATION_JSON',
        Content: '{"message":"Too many requests. Retry later."}',
      },
    });
  });

  test('managed groups keep their own rule actions', () => {
    for (const group of ['AmazonIpReputationList', 'KnownBadInputsRuleSet', 'CommonRuleSet', 'SQLiRuleSet']) {
      const managed = rule(template, `AWS-AWSManagedRules${group}`);
      expect(managed.OverrideAction).toEqual({ None: {} });
      expect(managed.Action).toBeUndefined();
      expect(managed.Statement).toEqual({
        ManagedRuleGroupStatement: { VendorName: 'AWS', Name: `AWSManagedRules${group}` },
      });
    }
  });

  test('anonymous IP list and Bot Control are off', () => {
    const names = rules(template).map((candidate: Json) => candidate.Name);
    expect(names).not.toContain('AWS-AWSManagedRulesAnonymousIpList');
    expect(names).not.toContain('AWS-AWSManagedRulesBotControlRuleSet');
  });

  test('no IP sets or geo rule without lists', () => {
    template.resourceCountIs('AWS::WAFv2::IPSet', 0);
    expect(firewall.allowListIpSets).toEqual([]);
    expect(firewall.blockListIpSets).toEqual([]);
    expect(rules(template).some((candidate: Json) => candidate.Name.startsWith('Geo'))).toBe(false);
  });

  test('every rule has metrics under its name', () => {
    for (const candidate of rules(template)) {
      expect(candidate.VisibilityConfig).toEqual({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
        MetricName: candidate.Name,
      });
      expect(candidate.VisibilityConfig.MetricName).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
    }
  });

  test('association links web ACL and load balancer', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^Alb') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FirewallWebAcl'), 'Arn'] },
    });
  });

  test('log group has the WAF prefix and dev retention', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-TestStack-Firewall-'),
        RetentionInDays: 7,
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('logs redact authorization and cookie headers', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FirewallWebAcl'), 'Arn'] },
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('log destination ARN has no wildcard suffix', () => {
    const configurations = Object.values(template.findResources('AWS::WAFv2::LoggingConfiguration'));
    const destination = (configurations[0] as Json).Properties.LogDestinationConfigs[0];
    expect(destination).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:aws:logs:us-east-1:',
          { Ref: 'AWS::AccountId' },
          ':log-group:',
          { Ref: expect.stringMatching(/^FirewallLogs/) },
        ],
      ],
    });
  });
});

// --- options ------------------------------------------------------------------------------------

describe('WebFirewall options', () => {
  test('rate limit and window are configurable', () => {
    const { template } = synthFirewall({ rateLimit: 500, rateLimitWindow: Duration.minutes(1) });
    expect(rule(template, 'RateLimit').Statement.RateBasedStatement).toEqual({
      Limit: 500,
      EvaluationWindowSec: 60,
      AggregateKeyType: 'IP',
    });
  });

  test('forwarded IP aggregates on the header', () => {
    const { template } = synthFirewall({ forwardedIp: { headerName: 'X-Forwarded-For' } });
    expect(rule(template, 'RateLimit').Statement.RateBasedStatement).toEqual({
      Limit: 2000,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'FORWARDED_IP',
      ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH' },
    });
  });

  test('forwarded IP fallback is configurable', () => {
    const { template } = synthFirewall({
      forwardedIp: { headerName: 'True-Client-IP', fallbackBehavior: ForwardedIpFallbackBehavior.MATCH },
    });
    expect(rule(template, 'RateLimit').Statement.RateBasedStatement.ForwardedIPConfig).toEqual({
      HeaderName: 'True-Client-IP',
      FallbackBehavior: 'MATCH',
    });
  });

  test('forwarded IP applies to block list and geo, not allow list', () => {
    const { template } = synthFirewall({
      forwardedIp: { headerName: 'X-Forwarded-For' },
      allowedIpCidrs: ['192.0.2.0/24'],
      blockedIpCidrs: ['203.0.113.0/24'],
      blockedCountryCodes: ['KP'],
    });
    expect(
      rule(template, 'AllowList').Statement.IPSetReferenceStatement.IPSetForwardedIPConfig,
    ).toBeUndefined();
    expect(rule(template, 'BlockList').Statement.IPSetReferenceStatement.IPSetForwardedIPConfig).toEqual({
      HeaderName: 'X-Forwarded-For',
      FallbackBehavior: 'NO_MATCH',
      Position: 'FIRST',
    });
    expect(rule(template, 'GeoBlock').Statement.GeoMatchStatement.ForwardedIPConfig).toEqual({
      HeaderName: 'X-Forwarded-For',
      FallbackBehavior: 'NO_MATCH',
    });
  });

  test('exact path limit scopes down on the URI path', () => {
    const { template } = synthFirewall({
      pathRateLimits: [{ name: 'login', exactPath: '/Login', limit: 100 }],
    });
    const pathRule = rule(template, 'PathRateLimit-login');
    expect(pathRule.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' } },
    });
    expect(pathRule.Statement.RateBasedStatement).toEqual({
      Limit: 100,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'EXACTLY',
          SearchString: '/login',
          TextTransformations: [
            { Priority: 0, Type: 'URL_DECODE' },
            { Priority: 1, Type: 'NORMALIZE_PATH' },
            { Priority: 2, Type: 'LOWERCASE' },
          ],
        },
      },
    });
  });

  test('path prefix limit matches the start', () => {
    const { template } = synthFirewall({
      pathRateLimits: [
        { name: 'api', pathPrefix: '/api/', limit: 300, evaluationWindow: Duration.minutes(2) },
      ],
    });
    const statement = rule(template, 'PathRateLimit-api').Statement.RateBasedStatement;
    expect(statement.Limit).toBe(300);
    expect(statement.EvaluationWindowSec).toBe(120);
    expect(statement.ScopeDownStatement.ByteMatchStatement.PositionalConstraint).toBe('STARTS_WITH');
    expect(statement.ScopeDownStatement.ByteMatchStatement.SearchString).toBe('/api/');
  });

  test('path limits run before the global limit', () => {
    const { template } = synthFirewall({
      pathRateLimits: [
        { name: 'login', exactPath: '/login', limit: 100 },
        { name: 'signup', exactPath: '/signup', limit: 100 },
      ],
    });
    expect(
      rules(template)
        .slice(0, 3)
        .map((candidate: Json) => candidate.Name),
    ).toEqual(['PathRateLimit-login', 'PathRateLimit-signup', 'RateLimit']);
  });

  test('rate-limit response body is configurable', () => {
    const { template } = synthFirewall({
      rateLimitResponseBody: '<h1>Slow down</h1>',
      rateLimitResponseContentType: ResponseContentType.TEXT_HTML,
    });
    expect(webAclProperties(template).CustomResponseBodies).toEqual({
      'rate-limited': { ContentType: 'TEXT_HTML', Content: '<h1>Slow down</h1>' },
    });
  });

  test('default managed groups can be turned off', () => {
    const { template } = synthFirewall({
      commonRuleSet: false,
      knownBadInputsRuleSet: false,
      ipReputationList: false,
      sqliRuleSet: false,
    });
    expect(rules(template).map((candidate: Json) => candidate.Name)).toEqual(['RateLimit']);
  });

  test('anonymous IP list is opt-in', () => {
    const { template } = synthFirewall({ anonymousIpList: true });
    expect(rule(template, 'AWS-AWSManagedRulesAnonymousIpList').Statement).toEqual({
      ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' },
    });
  });

  test('Bot Control is opt-in at COMMON level', () => {
    const { template } = synthFirewall({ botControl: true });
    const botControl = rule(template, 'AWS-AWSManagedRulesBotControlRuleSet');
    expect(botControl.OverrideAction).toEqual({ None: {} });
    expect(botControl.Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs).toEqual([
      { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } },
    ]);
  });

  test('Bot Control level is configurable', () => {
    const { template } = synthFirewall({
      botControl: true,
      botControlInspectionLevel: BotControlInspectionLevel.TARGETED,
    });
    const statement = rule(template, 'AWS-AWSManagedRulesBotControlRuleSet').Statement
      .ManagedRuleGroupStatement;
    expect(statement.ManagedRuleGroupConfigs).toEqual([
      { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'TARGETED' } },
    ]);
  });

  test('managed rule override counts by default', () => {
    const { template } = synthFirewall({
      managedRuleOverrides: [
        { ruleGroup: ManagedRuleGroup.COMMON_RULE_SET, ruleName: 'SizeRestrictions_BODY' },
        {
          ruleGroup: ManagedRuleGroup.COMMON_RULE_SET,
          ruleName: 'NoUserAgent_HEADER',
          action: ManagedRuleAction.BLOCK,
        },
      ],
    });
    const statement = rule(template, 'AWS-AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement;
    expect(statement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'NoUserAgent_HEADER', ActionToUse: { Block: {} } },
    ]);
    const sqli = rule(template, 'AWS-AWSManagedRulesSQLiRuleSet').Statement.ManagedRuleGroupStatement;
    expect(sqli.RuleActionOverrides).toBeUndefined();
  });

  test('allow list splits IPv4 and IPv6 sets', () => {
    const { firewall, template } = synthFirewall({
      allowedIpCidrs: ['192.0.2.0/24', '2001:db8::/32', ' 198.51.100.0/24 ', '192.0.2.0/24'],
    });
    template.resourceCountIs('AWS::WAFv2::IPSet', 2);
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV4',
      Addresses: ['192.0.2.0/24', '198.51.100.0/24'],
    });
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV6',
      Addresses: ['2001:db8::/32'],
    });
    expect(firewall.allowListIpSets).toHaveLength(2);

    const allowList = rule(template, 'AllowList');
    expect(allowList.Priority).toBe(0);
    expect(allowList.Action).toEqual({ Allow: {} });
    expect(allowList.Statement.OrStatement.Statements).toHaveLength(2);
  });

  test('block list with one version has no OR', () => {
    const { firewall, template } = synthFirewall({ blockedIpCidrs: ['203.0.113.7/32'] });
    template.resourceCountIs('AWS::WAFv2::IPSet', 1);
    expect(firewall.blockListIpSets).toHaveLength(1);
    const blockList = rule(template, 'BlockList');
    expect(blockList.Priority).toBe(0);
    expect(blockList.Action).toEqual({ Block: {} });
    expect(blockList.Statement).toEqual({
      IPSetReferenceStatement: {
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^FirewallBlockListIpv4/), 'Arn'] },
      },
    });
  });

  test('blocked countries get a geo block rule', () => {
    const { template } = synthFirewall({ blockedCountryCodes: ['kp', 'IR', 'KP'] });
    const geo = rule(template, 'GeoBlock');
    expect(geo.Action).toEqual({ Block: {} });
    expect(geo.Statement).toEqual({ GeoMatchStatement: { CountryCodes: ['KP', 'IR'] } });
  });

  test('allowed countries block every other country', () => {
    const { template } = synthFirewall({ allowedCountryCodes: ['DE', 'AT', 'CH'] });
    const geo = rule(template, 'GeoAllowOnly');
    expect(geo.Action).toEqual({ Block: {} });
    expect(geo.Statement).toEqual({
      NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ['DE', 'AT', 'CH'] } } },
    });
  });

  test('every option keeps the documented order', () => {
    const { firewall, template } = synthFirewall(EVERY_OPTION);
    const expected = [
      'AllowList',
      'BlockList',
      'GeoBlock',
      'PathRateLimit-login',
      'PathRateLimit-api',
      'RateLimit',
      'AWS-AWSManagedRulesAmazonIpReputationList',
      'AWS-AWSManagedRulesAnonymousIpList',
      'AWS-AWSManagedRulesKnownBadInputsRuleSet',
      'AWS-AWSManagedRulesCommonRuleSet',
      'AWS-AWSManagedRulesSQLiRuleSet',
      'AWS-AWSManagedRulesBotControlRuleSet',
    ];
    expect(rules(template).map((candidate: Json) => candidate.Name)).toEqual(expected);
    expect(rules(template).map((candidate: Json) => candidate.Priority)).toEqual(
      expected.map((_, index) => index),
    );
    expect(firewall.ruleNames).toEqual(expected);
  });

  test('web ACL and log group names are configurable', () => {
    const { template } = synthFirewall({
      webAclName: 'shop-edge',
      logGroupName: 'aws-waf-logs-shop-edge',
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    const properties = webAclProperties(template);
    expect(properties.Name).toBe('shop-edge');
    expect(properties.VisibilityConfig.MetricName).toBe('shop-edge');
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-shop-edge',
      RetentionInDays: 30,
    });
  });

  test('prod profile retains logs for 3 months', () => {
    const firewall = createFirewall({ profile: Profiles.PROD });
    const template = Template.fromStack(Stack.of(firewall));
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Profiles.PROD.dataRemovalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  test('limit below 100 warns about regions', () => {
    const firewall = createFirewall({ rateLimit: 50 });
    Annotations.fromStack(Stack.of(firewall)).hasWarning(
      '/TestStack/Firewall',
      Match.stringLikeRegexp('rateLimit is 50\\. WAF accepts rate limits from 10 in most commercial regions'),
    );
  });

  test('limit of 100 does not warn', () => {
    const firewall = createFirewall({ rateLimit: 100 });
    Annotations.fromStack(Stack.of(firewall)).hasNoWarning('/TestStack/Firewall', Match.anyValue());
  });

  test('token rate limit skips range checks', () => {
    const fixture = createFixture();
    const limit = new CfnParameter(fixture.stack, 'Limit', { type: 'Number', default: 1000 }).valueAsNumber;
    const firewall = createFirewall({ rateLimit: limit }, fixture);
    const template = Template.fromStack(Stack.of(firewall));
    expect(rule(template, 'RateLimit').Statement.RateBasedStatement.Limit).toEqual({ Ref: 'Limit' });
  });
});

// --- metrics ------------------------------------------------------------------------------------

describe('WebFirewall metrics', () => {
  test('request metrics sum over the whole web ACL', () => {
    const firewall = createFirewall({ webAclName: 'shop-edge' });
    const cases: Array<[string, () => Json]> = [
      ['AllowedRequests', () => firewall.metricAllowedRequestsSum()],
      ['BlockedRequests', () => firewall.metricBlockedRequestsSum()],
      ['CountedRequests', () => firewall.metricCountedRequestsSum()],
    ];
    for (const [metricName, create] of cases) {
      const metric = create();
      expect(metric.namespace).toBe('AWS/WAFV2');
      expect(metric.metricName).toBe(metricName);
      expect(metric.statistic).toBe('Sum');
      expect(metric.dimensions).toEqual({ WebACL: 'shop-edge', Region: 'us-east-1', Rule: 'ALL' });
    }
  });

  test('rate-limited metric counts the rate rule blocks', () => {
    const firewall = createFirewall({ webAclName: 'shop-edge' });
    const metric = firewall.metricRateLimitedRequestsSum({ period: Duration.minutes(1) });
    expect(metric.metricName).toBe('BlockedRequests');
    expect(metric.statistic).toBe('Sum');
    expect(metric.period.toSeconds()).toBe(60);
    expect(metric.dimensions).toEqual({ WebACL: 'shop-edge', Region: 'us-east-1', Rule: 'RateLimit' });
  });

  test('path rate-limited metric uses the path rule', () => {
    const firewall = createFirewall({
      webAclName: 'shop-edge',
      pathRateLimits: [{ name: 'login', exactPath: '/login', limit: 100 }],
    });
    const metric = firewall.metricPathRateLimitedRequestsSum('login');
    expect(metric.metricName).toBe('BlockedRequests');
    expect(metric.dimensions).toEqual({
      WebACL: 'shop-edge',
      Region: 'us-east-1',
      Rule: 'PathRateLimit-login',
    });
  });
});

// --- validation ---------------------------------------------------------------------------------

describe('WebFirewall validation', () => {
  test('path rate-limited metric rejects unknown names', () => {
    const firewall = createFirewall({ pathRateLimits: [{ name: 'login', exactPath: '/login', limit: 100 }] });
    expect(() => firewall.metricPathRateLimitedRequestsSum('signup')).toThrow(
      /TestStack\/Firewall: invalid name: got "signup", which is not a path rate limit of this firewall; known names are login/,
    );
  });

  test('rate limit below the minimum', () => {
    expect(() => createFirewall({ rateLimit: 9 })).toThrow(
      /^TestStack\/Firewall: invalid rateLimit: got 9 requests; must be an integer from 10 to 2000000000 requests$/,
    );
  });

  test('rate limit above the maximum', () => {
    expect(() => createFirewall({ rateLimit: 2_000_000_001 })).toThrow(
      /^TestStack\/Firewall: invalid rateLimit: got 2000000001 requests; must be an integer from 10 to 2000000000 requests$/,
    );
  });

  test('path limit below the minimum', () => {
    expect(() =>
      createFirewall({ pathRateLimits: [{ name: 'login', exactPath: '/login', limit: 5 }] }),
    ).toThrow(
      /invalid pathRateLimits\[login\]\.limit: got 5 requests; must be an integer from 10 to 2000000000 requests/,
    );
  });

  test('window outside the allowed set', () => {
    expect(() => createFirewall({ rateLimitWindow: Duration.seconds(90) })).toThrow(
      /^TestStack\/Firewall: invalid rateLimitWindow: got 90 seconds; allowed values are 60, 120, 300, 600 seconds$/,
    );
  });

  test('path window outside the allowed set', () => {
    expect(() =>
      createFirewall({
        pathRateLimits: [
          { name: 'login', exactPath: '/login', limit: 100, evaluationWindow: Duration.hours(1) },
        ],
      }),
    ).toThrow(
      /invalid pathRateLimits\[login\]\.evaluationWindow: got 3600 seconds; allowed values are 60, 120, 300, 600/,
    );
  });

  test('path rule without a path', () => {
    expect(() => createFirewall({ pathRateLimits: [{ name: 'login', limit: 100 }] })).toThrow(
      /^TestStack\/Firewall: invalid pathRateLimits\[login\]\.pathPrefix\/exactPath: got neither; a path rate limit needs exactly one of pathPrefix/,
    );
  });

  test('path rule with both paths', () => {
    expect(() =>
      createFirewall({
        pathRateLimits: [{ name: 'login', pathPrefix: '/login', exactPath: '/login', limit: 100 }],
      }),
    ).toThrow(/invalid pathRateLimits\[login\]\.pathPrefix\/exactPath: got both; /);
  });

  test('path without leading slash', () => {
    expect(() =>
      createFirewall({ pathRateLimits: [{ name: 'login', exactPath: 'login', limit: 100 }] }),
    ).toThrow(/invalid pathRateLimits\[login\]\.exactPath: got "login"; the path must start with '\/'/);
  });

  test('path with a query string', () => {
    expect(() =>
      createFirewall({ pathRateLimits: [{ name: 'search', pathPrefix: '/search?q=', limit: 100 }] }),
    ).toThrow(
      /invalid pathRateLimits\[search\]\.pathPrefix: got "\/search\?q="; the path must not contain whitespace, \? or #/,
    );
  });

  test('path longer than 200 bytes', () => {
    const path = `/${'a'.repeat(200)}`;
    expect(() =>
      createFirewall({ pathRateLimits: [{ name: 'long', pathPrefix: path, limit: 100 }] }),
    ).toThrow(/invalid pathRateLimits\[long\]\.pathPrefix: .*must be at most 200 bytes long \(got 201\)/);
  });

  test('duplicate path rule names', () => {
    expect(() =>
      createFirewall({
        pathRateLimits: [
          { name: 'login', exactPath: '/login', limit: 100 },
          { name: 'login', exactPath: '/signin', limit: 100 },
        ],
      }),
    ).toThrow(
      /invalid pathRateLimits\[login\]\.name: got "login" a second time; every path rate limit needs its own name/,
    );
  });

  test('path rule name with invalid characters', () => {
    expect(() =>
      createFirewall({ pathRateLimits: [{ name: 'log in', exactPath: '/login', limit: 100 }] }),
    ).toThrow(
      /invalid pathRateLimits\[log in\]\.name: got "log in"; the name may contain only letters, digits, hyphens and underscores/,
    );
  });

  test('invalid IPv4 CIDR in an IP set', () => {
    expect(() => createFirewall({ blockedIpCidrs: ['192.0.2.0/24', '10.0.0.300/24'] })).toThrow(
      /^TestStack\/Firewall: invalid blockedIpCidrs\[1\]: got "10\.0\.0\.300\/24"; the address is not a valid IPv4 address \(four decimal octets from 0 to 255\)\. Examples: /,
    );
  });

  test('invalid IPv6 CIDR in an IP set', () => {
    expect(() => createFirewall({ allowedIpCidrs: ['2001:db8::1::/64'] })).toThrow(
      /invalid allowedIpCidrs\[0\]: got "2001:db8::1::\/64"; the address is not a valid IPv6 address/,
    );
  });

  test('CIDR without prefix length', () => {
    expect(() => createFirewall({ allowedIpCidrs: ['192.0.2.1'] })).toThrow(
      /invalid allowedIpCidrs\[0\]: got "192\.0\.2\.1"; a CIDR block has the form address\/prefix-length/,
    );
  });

  test('CIDR with prefix length 0', () => {
    expect(() => createFirewall({ blockedIpCidrs: ['0.0.0.0/0'] })).toThrow(
      /invalid blockedIpCidrs\[0\]: got "0\.0\.0\.0\/0"; the prefix length must be an integer from 1 to 32 for IPv4/,
    );
  });

  test('CIDR with host bits set', () => {
    expect(() => createFirewall({ blockedIpCidrs: ['10.0.0.1/8'] })).toThrow(
      /invalid blockedIpCidrs\[0\]: got "10\.0\.0\.1\/8"; the address has bits set after the \/8 prefix; write the network address 10\.0\.0\.0\/8/,
    );
  });

  test('unknown country code', () => {
    expect(() => createFirewall({ blockedCountryCodes: ['KP', 'XX'] })).toThrow(
      /^TestStack\/Firewall: invalid blockedCountryCodes\[1\]: got "XX"; must be an ISO 3166-1 alpha-2 country code, for example US, DE or JP$/,
    );
  });

  test('three-letter country code', () => {
    expect(() => createFirewall({ allowedCountryCodes: ['DEU'] })).toThrow(
      /invalid allowedCountryCodes\[0\]: got "DEU"; must be an ISO 3166-1 alpha-2 country code/,
    );
  });

  test('both country lists', () => {
    expect(() => createFirewall({ allowedCountryCodes: ['DE'], blockedCountryCodes: ['KP'] })).toThrow(
      /invalid allowedCountryCodes\/blockedCountryCodes: got both; /,
    );
  });

  test('override of a disabled rule group', () => {
    expect(() =>
      createFirewall({
        managedRuleOverrides: [
          { ruleGroup: ManagedRuleGroup.BOT_CONTROL_RULE_SET, ruleName: 'CategoryHttpLibrary' },
        ],
      }),
    ).toThrow(
      /invalid managedRuleOverrides\[0\]\.ruleGroup: got "AWSManagedRulesBotControlRuleSet", which is not enabled; enabled groups are AWSManagedRulesAmazonIpReputationList, /,
    );
  });

  test('override listed twice', () => {
    const override = { ruleGroup: ManagedRuleGroup.COMMON_RULE_SET, ruleName: 'SizeRestrictions_BODY' };
    expect(() => createFirewall({ managedRuleOverrides: [override, override] })).toThrow(
      /invalid managedRuleOverrides\[1\]\.ruleName: got "SizeRestrictions_BODY" of AWSManagedRulesCommonRuleSet a second time/,
    );
  });

  test('Bot Control level without Bot Control', () => {
    expect(() => createFirewall({ botControlInspectionLevel: BotControlInspectionLevel.TARGETED })).toThrow(
      /invalid botControlInspectionLevel: got "TARGETED" but botControl is not true/,
    );
  });

  test('log group name without the WAF prefix', () => {
    expect(() => createFirewall({ logGroupName: '/aws/waf/shop' })).toThrow(
      /invalid logGroupName: got "\/aws\/waf\/shop"; WAF writes logs only to log groups whose name starts with "aws-waf-logs-"/,
    );
  });

  test('web ACL name with invalid characters', () => {
    expect(() => createFirewall({ webAclName: 'shop edge' })).toThrow(
      /invalid webAclName: got "shop edge"; the name may contain only letters, digits, hyphens and underscores/,
    );
  });

  test('web ACL name reserved for metrics', () => {
    expect(() => createFirewall({ webAclName: 'Default_Action' })).toThrow(
      /invalid webAclName: got "Default_Action", a metric name WAF reserves/,
    );
  });

  test('forwarded IP header with invalid characters', () => {
    expect(() => createFirewall({ forwardedIp: { headerName: 'X_Forwarded_For' } })).toThrow(
      /invalid forwardedIp\.headerName: got "X_Forwarded_For"; the name may contain only letters, digits and hyphens/,
    );
  });

  test('empty rate-limit response body', () => {
    expect(() => createFirewall({ rateLimitResponseBody: '' })).toThrow(
      /invalid rateLimitResponseBody: got 0 characters; the body must be 1 to 10240 characters long/,
    );
  });
});

// --- template checks ----------------------------------------------------------------------------

describe('WebFirewall template checks', () => {
  test('passes the built-in CloudFormation validation', () => {
    const firewall = createFirewall(EVERY_OPTION);
    expect(() => Template.fromStack(Stack.of(firewall))).not.toThrow();
  });

  test('built-in validation rejects a limit below 10', () => {
    // Shows that the check above can fail: the escape hatch bypasses this construct's validation.
    const firewall = createFirewall();
    firewall.webAcl.addPropertyOverride('Rules.0.Statement.RateBasedStatement.Limit', 9);
    expect(() => Template.fromStack(Stack.of(firewall))).toThrow(/less than the minimum of 10/);
  });

  test('cdk-nag AwsSolutions finds nothing', () => {
    const fixture = createFixture();
    const app = fixture.stack.node.root as App;
    // The VPC and load balancer are test scaffolding, not part of WebFirewall.
    Validations.of(fixture.stack.node.findChild('Vpc')).acknowledge({
      id: 'AwsSolutions-VPC7',
      reason: 'Test VPC without flow logs; the Network tier adds them.',
    });
    Validations.of(fixture.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'Test load balancer without access logs; the WebService tier adds them.',
    });
    createFirewall(EVERY_OPTION, fixture);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
