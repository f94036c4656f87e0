import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../../core/errors';
import { checkDurationRange, describeValue } from '../../core/validation';
import { WebServiceProps } from '../web-service-props';

/** A DNS name: labels of 1–63 letters, digits and hyphens, no hyphen at a label's ends, 253 characters at most. */
const DOMAIN_NAME = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** An ALB path pattern: starts with `/`, at most 128 characters, with `*` and `?` as wildcards. */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&()!,;=*?%]{0,127}$/;

/** Throws on conflicting or incomplete certificate, domain and authentication props. */
export function validateHttpsProps(scope: IConstruct, props: WebServiceProps): void {
  if (props.certificate && props.domainName) {
    throw new ScaleUpValidationError(
      scope,
      'certificate/domainName',
      `got both a certificate and domainName ${describeValue(props.domainName)}; give a certificate, or domainName ` +
        'with hostedZone to have one created, not both',
    );
  }
  if (props.domainName && !props.hostedZone) {
    throw new ScaleUpValidationError(
      scope,
      'hostedZone',
      `got none with domainName ${describeValue(props.domainName)}; a DNS-validated certificate needs the hosted zone of the domain`,
    );
  }
  if (props.hostedZone && !props.domainName) {
    throw new ScaleUpValidationError(
      scope,
      'domainName',
      'got none with hostedZone; give the domain name to serve',
    );
  }
  if (props.domainName && !Token.isUnresolved(props.domainName)) {
    validateDomainName(scope, props);
  }
  validateAuthentication(scope, props);
}

function validateDomainName(scope: IConstruct, props: WebServiceProps): void {
  const domainName = props.domainName!;
  if (!DOMAIN_NAME.test(domainName)) {
    throw new ScaleUpValidationError(
      scope,
      'domainName',
      `got ${describeValue(domainName)}; expected a DNS name such as shop.example.com ` +
        '(labels of letters, digits and hyphens, at most 253 characters)',
    );
  }
  const zoneName = props.hostedZone?.zoneName;
  if (zoneName && !Token.isUnresolved(zoneName)) {
    const zone = zoneName.replace(/\.$/, '').toLowerCase();
    const domain = domainName.toLowerCase();
    if (domain !== zone && !domain.endsWith(`.${zone}`)) {
      throw new ScaleUpValidationError(
        scope,
        'domainName',
        `got ${describeValue(domainName)}, which is outside the hosted zone ${describeValue(zone)}; ` +
          'give a name in that zone or the zone that contains the name',
      );
    }
  }
}

function validateAuthentication(scope: IConstruct, props: WebServiceProps): void {
  const authentication = props.authentication;
  if (!authentication) {
    return;
  }
  if (!authentication.oidc && !authentication.cognito) {
    throw new ScaleUpValidationError(
      scope,
      'authentication',
      'got no provider settings; give authentication.oidc (issuer, endpoints, client) or authentication.cognito (user pool, client, domain)',
    );
  }
  if (authentication.oidc && authentication.cognito) {
    throw new ScaleUpValidationError(
      scope,
      'authentication',
      'got both oidc and cognito; a listener authenticates against one provider, so give only one',
    );
  }
  if (!props.certificate && !props.domainName) {
    throw new ScaleUpValidationError(
      scope,
      'authentication',
      'got an authentication action without HTTPS; the load balancer authenticates only on an HTTPS listener, so give a certificate or domainName',
    );
  }
  if (authentication.oidc) {
    for (const key of ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const) {
      const url = authentication.oidc[key];
      if (!Token.isUnresolved(url) && !/^https:\/\/[^\s/]+/.test(url)) {
        throw new ScaleUpValidationError(
          scope,
          `authentication.oidc.${key}`,
          `got ${describeValue(url)}; expected an https:// URL`,
        );
      }
    }
  }
  for (const path of authentication.publicPaths ?? []) {
    if (!Token.isUnresolved(path) && !PATH_PATTERN.test(path)) {
      throw new ScaleUpValidationError(
        scope,
        'authentication.publicPaths',
        `got ${describeValue(path)}; a path pattern starts with "/", has at most 128 characters and uses * and ? as wildcards`,
      );
    }
  }
  checkDurationRange(scope, 'authentication.sessionTimeout', authentication.sessionTimeout, 1, 604800);
}
