import { Duration, SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';

/** Settings of an OpenID Connect identity provider for the load balancer's authenticate action. */
export interface OidcAuthenticationOptions {
  /** Issuer identifier of the provider, an `https://` URL. */
  readonly issuer: string;
  /** Authorization endpoint of the provider, an `https://` URL. */
  readonly authorizationEndpoint: string;
  /** Token endpoint of the provider, an `https://` URL. */
  readonly tokenEndpoint: string;
  /** User info endpoint of the provider, an `https://` URL. */
  readonly userInfoEndpoint: string;
  /** OAuth 2.0 client identifier registered with the provider. */
  readonly clientId: string;
  /**
   * OAuth 2.0 client secret; pass a reference such as `SecretValue.secretsManager(...)`, never a
   * plain-text value, or the secret ends up in the template.
   */
  readonly clientSecret: SecretValue;
  /**
   * Scopes requested from the provider, separated by spaces.
   * @default 'openid'
   */
  readonly scope?: string;
}

/** Settings of an Amazon Cognito user pool for the load balancer's authenticate action. */
export interface CognitoAuthenticationOptions {
  /** User pool that signs users in. */
  readonly userPool: cognito.IUserPool;
  /** App client of the user pool; it needs a client secret and the load balancer's callback URL. */
  readonly userPoolClient: cognito.IUserPoolClient;
  /** Domain of the user pool's hosted sign-in pages. */
  readonly userPoolDomain: cognito.IUserPoolDomain;
}

/**
 * Authentication on the HTTPS listener: every request must carry a session of the identity
 * provider, except requests to `publicPaths`. Give exactly one of `oidc` and `cognito`.
 */
export interface ListenerAuthentication {
  /**
   * OpenID Connect provider.
   * @default - none
   */
  readonly oidc?: OidcAuthenticationOptions;

  /**
   * Amazon Cognito user pool.
   * @default - none
   */
  readonly cognito?: CognitoAuthenticationOptions;

  /**
   * Path patterns served without authentication, for example `/healthz` or `/public/*`; each
   * starts with `/` and has at most 128 characters.
   * @default - the target group's health check path
   */
  readonly publicPaths?: string[];

  /**
   * Lifetime of the authentication session cookie (1 second to 7 days).
   * @default Duration.hours(8)
   */
  readonly sessionTimeout?: Duration;
}
