import { Match, Template } from 'aws-cdk-lib/assertions';
import { ScalableWebApp } from '../lib/scalable-web-app';
import { createTestStack } from './helpers';

describe('ScalableWebApp firewall', () => {
  test('web ACL protects the load balancer by default', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: stack.getLogicalId(app.web.loadBalancer.node.defaultChild as never) },
    });
    expect(app.firewall).toBeDefined();
  });

  test('firewall options pass through', () => {
    const stack = createTestStack();
    new ScalableWebApp(stack, 'App', { firewall: { rateLimit: 500 } });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } }),
      ]),
    });
  });

  test('firewall can be turned off', () => {
    const stack = createTestStack();
    const app = new ScalableWebApp(stack, 'App', { firewallEnabled: false });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(app.firewall).toBeUndefined();
  });
});
