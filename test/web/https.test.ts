import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Network } from '../../lib/network/network';
import { WebService } from '../../lib/web/web-service';
import { WebServiceOptions } from '../../lib/web/web-service-props';
import { createTestStack, EXAMPLE_CERTIFICATE_ARN } from '../helpers';

function build(options: (stack: Stack) => WebServiceOptions) {
  const stack = createTestStack();
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', { vpc: network.vpc, ...options(stack) });
  return { stack, web, template: Template.fromStack(stack) };
}

function zone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.com',
  });
}

function certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Cert', EXAMPLE_CERTIFICATE_ARN);
}

const OIDC = {
  issuer: 'https://login.example.com',
  authorizationEndpoint: 'https://login.example.com/authorize',
  tokenEndpoint: 'https://login.example.com/token',
  userInfoEndpoint: 'https://login.example.com/userinfo',
  clientId: 'shop',
  clientSecret: SecretValue.secretsManager('shop/oidc-client-secret'),
};

describe('WebService HTTPS', () => {
  test('domain name creates a DNS-validated certificate and alias', () => {
    const { web, template } = build((stack) => ({ domainName: 'shop.example.com', hostedZone: zone(stack) }));
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'shop.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'shop.example.com.',
      Type: 'A',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    expect(web.url).toBe('https://shop.example.com');
  });

  test('TLS policy defaults to TLS 1.3 with post-quantum key exchange', () => {
    const { template } = build((stack) => ({ certificate: certificate(stack) }));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
    });
  });

  test('TLS policy is configurable', () => {
    const { template } = build((stack) => ({
      certificate: certificate(stack),
      sslPolicy: elbv2.SslPolicy.TLS13_13,
    }));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
    });
  });
});

describe('WebService authentication', () => {
  test('OIDC authenticates, then forwards', () => {
    const { template } = build((stack) => ({
      certificate: certificate(stack),
      authentication: { oidc: OIDC },
    }));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [
        Match.objectLike({
          Type: 'authenticate-oidc',
          Order: 1,
          AuthenticateOidcConfig: Match.objectLike({
            Issuer: 'https://login.example.com',
            ClientId: 'shop',
            ClientSecret: '{{resolve:secretsmanager:shop/oidc-client-secret:SecretString:::}}',
            Scope: 'openid',
            SessionTimeout: '28800',
          }),
        }),
        Match.objectLike({ Type: 'forward', Order: 2 }),
      ],
    });
  });

  test('health check path stays public by default', () => {
    const { template } = build((stack) => ({
      certificate: certificate(stack),
      healthCheck: { path: '/healthz' },
      authentication: { oidc: OIDC },
    }));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/healthz'] } }],
      Actions: [Match.objectLike({ Type: 'forward' })],
    });
  });

  test('public paths are split into rules of five', () => {
    const publicPaths = ['/a', '/b', '/c', '/d', '/e', '/f*'];
    const { template } = build((stack) => ({
      certificate: certificate(stack),
      authentication: { oidc: OIDC, publicPaths, sessionTimeout: Duration.hours(1) },
    }));
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 11,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/f*'] } }],
    });
  });

  test('Cognito user pool authenticates, then forwards', () => {
    const { template } = build((stack) => {
      const userPool = new cognito.UserPool(stack, 'Users', {
        passwordPolicy: { minLength: 12 },
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        featurePlan: cognito.FeaturePlan.PLUS,
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { sms: false, otp: true },
      });
      const userPoolClient = userPool.addClient('Web', { generateSecret: true });
      const userPoolDomain = userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'shop-login' } });
      return {
        certificate: certificate(stack),
        authentication: { cognito: { userPool, userPoolClient, userPoolDomain } },
      };
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [
        Match.objectLike({ Type: 'authenticate-cognito' }),
        Match.objectLike({ Type: 'forward' }),
      ],
    });
  });
});

describe('WebService HTTPS bad input', () => {
  test('certificate and domain name both given', () => {
    expect(() =>
      build((stack) => ({
        certificate: certificate(stack),
        domainName: 'shop.example.com',
        hostedZone: zone(stack),
      })),
    ).toThrow(
      /TestStack\/Web: invalid certificate\/domainName: got both a certificate and domainName "shop.example.com"/,
    );
  });

  test('domain name without hosted zone', () => {
    expect(() => build(() => ({ domainName: 'shop.example.com' }))).toThrow(
      /invalid hostedZone: got none with domainName "shop.example.com"/,
    );
  });

  test('hosted zone without domain name', () => {
    expect(() => build((stack) => ({ hostedZone: zone(stack) }))).toThrow(
      /invalid domainName: got none with hostedZone/,
    );
  });

  test('malformed domain name', () => {
    expect(() => build((stack) => ({ domainName: 'shop_example', hostedZone: zone(stack) }))).toThrow(
      /invalid domainName: got "shop_example"; expected a DNS name/,
    );
  });

  test('domain name outside the hosted zone', () => {
    expect(() => build((stack) => ({ domainName: 'shop.example.org', hostedZone: zone(stack) }))).toThrow(
      /invalid domainName: got "shop.example.org", which is outside the hosted zone "example.com"/,
    );
  });

  test('authentication without provider settings', () => {
    expect(() => build((stack) => ({ certificate: certificate(stack), authentication: {} }))).toThrow(
      /invalid authentication: got no provider settings; give authentication.oidc .* or authentication.cognito/,
    );
  });

  test('authentication with both providers', () => {
    expect(() =>
      build((stack) => {
        const userPool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'us-east-1_abc');
        return {
          certificate: certificate(stack),
          authentication: {
            oidc: OIDC,
            cognito: {
              userPool,
              userPoolClient: cognito.UserPoolClient.fromUserPoolClientId(stack, 'Client', 'client'),
              userPoolDomain: cognito.UserPoolDomain.fromDomainName(stack, 'Domain', 'shop-login'),
            },
          },
        };
      }),
    ).toThrow(/invalid authentication: got both oidc and cognito/);
  });

  test('authentication without HTTPS', () => {
    expect(() => build(() => ({ authentication: { oidc: OIDC } }))).toThrow(
      /invalid authentication: got an authentication action without HTTPS/,
    );
  });

  test('OIDC endpoint that is not https', () => {
    expect(() =>
      build((stack) => ({
        certificate: certificate(stack),
        authentication: { oidc: { ...OIDC, tokenEndpoint: 'http://login.example.com/token' } },
      })),
    ).toThrow(
      /invalid authentication.oidc.tokenEndpoint: got "http:\/\/login.example.com\/token"; expected an https:\/\/ URL/,
    );
  });

  test('public path without leading slash', () => {
    expect(() =>
      build((stack) => ({
        certificate: certificate(stack),
        authentication: { oidc: OIDC, publicPaths: ['healthz'] },
      })),
    ).toThrow(/invalid authentication.publicPaths: got "healthz"; a path pattern starts with "\/"/);
  });

  test('session timeout above seven days', () => {
    expect(() =>
      build((stack) => ({
        certificate: certificate(stack),
        authentication: { oidc: OIDC, sessionTimeout: Duration.days(8) },
      })),
    ).toThrow(/invalid authentication.sessionTimeout: got 691200 seconds; must be from 1 to 604800 seconds/);
  });
});
