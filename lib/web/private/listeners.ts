import { Duration, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2actions from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import { ListenerAuthentication } from '../authentication';

/** Path patterns per listener rule: an ALB rule accepts at most 5 condition values. */
const PATHS_PER_RULE = 5;
/** Lifetime of an authentication session when none is given. */
const DEFAULT_SESSION_TIMEOUT = Duration.hours(8);
/** Priority of the first public-path rule; later rules follow in order. */
const FIRST_PUBLIC_PATH_PRIORITY = 10;

/** Inputs of {@link addHttpsListeners}. */
export interface HttpsListenerInputs {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly certificate: acm.ICertificate;
  readonly sslPolicy: elbv2.SslPolicy;
  readonly authentication?: ListenerAuthentication;
  readonly healthCheckPath: string;
}

/** Adds an HTTPS listener (authenticating when asked) and an HTTP listener that redirects to it. */
export function addHttpsListeners(inputs: HttpsListenerInputs): {
  http: elbv2.ApplicationListener;
  https: elbv2.ApplicationListener;
} {
  const forward = elbv2.ListenerAction.forward([inputs.targetGroup]);
  const https = inputs.loadBalancer.addListener('Https', {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    certificates: [inputs.certificate],
    sslPolicy: inputs.sslPolicy,
    open: true,
    defaultAction: inputs.authentication ? authenticateAction(inputs.authentication, forward) : forward,
  });

  if (inputs.authentication) {
    const publicPaths = inputs.authentication.publicPaths ?? [inputs.healthCheckPath];
    for (let start = 0; start < publicPaths.length; start += PATHS_PER_RULE) {
      const index = start / PATHS_PER_RULE;
      https.addAction(`PublicPaths${index + 1}`, {
        priority: FIRST_PUBLIC_PATH_PRIORITY + index,
        conditions: [elbv2.ListenerCondition.pathPatterns(publicPaths.slice(start, start + PATHS_PER_RULE))],
        action: forward,
      });
    }
  }

  const http = inputs.loadBalancer.addListener('Http', {
    port: 80,
    protocol: elbv2.ApplicationProtocol.HTTP,
    open: true,
    defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
  });
  Validations.of(http).acknowledge({
    id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
    reason:
      'This port 80 listener only redirects to the HTTPS listener, which uses the certificate; it serves no content.',
  });
  return { http, https };
}

function authenticateAction(
  authentication: ListenerAuthentication,
  next: elbv2.ListenerAction,
): elbv2.ListenerAction {
  if (authentication.cognito) {
    return new elbv2actions.AuthenticateCognitoAction({
      userPool: authentication.cognito.userPool,
      userPoolClient: authentication.cognito.userPoolClient,
      userPoolDomain: authentication.cognito.userPoolDomain,
      sessionTimeout: authentication.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT,
      next,
    });
  }
  const oidc = authentication.oidc!;
  return elbv2.ListenerAction.authenticateOidc({
    issuer: oidc.issuer,
    authorizationEndpoint: oidc.authorizationEndpoint,
    tokenEndpoint: oidc.tokenEndpoint,
    userInfoEndpoint: oidc.userInfoEndpoint,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    scope: oidc.scope ?? 'openid',
    sessionTimeout: authentication.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT,
    next,
  });
}
