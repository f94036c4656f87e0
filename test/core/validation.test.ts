import { Duration, Stack, Token } from 'aws-cdk-lib';
import { ScaleUpValidationError } from '../../lib/core/errors';
import { Profiles } from '../../lib/core/profiles';
import { applyStatefulRemovalPolicy, removalPolicyFor, StatefulKind } from '../../lib/core/removal';
import { Construct } from 'constructs';
import {
  checkAllowedValue,
  checkDurationRange,
  checkIntegerRange,
  checkMinNotAboveMax,
  checkResourceName,
  checkNumberRange,
} from '../../lib/core/validation';
import { createTestApp } from '../helpers';

const scope = new Stack(createTestApp(), 'Scope');

describe('validation helpers', () => {
  test('error carries path and prop', () => {
    try {
      checkIntegerRange(scope, 'count', 0, 1, 3);
      throw new Error('no error thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ScaleUpValidationError);
      expect((error as ScaleUpValidationError).constructPath).toBe('Scope');
      expect((error as ScaleUpValidationError).prop).toBe('count');
      expect((error as Error).message).toBe('Scope: invalid count: got 0; must be an integer from 1 to 3');
    }
  });

  test('integer range rejects fractions', () => {
    expect(() => checkIntegerRange(scope, 'count', 1.5, 1, 3)).toThrow(/got 1.5; must be an integer/);
  });

  test('number range accepts fractions', () => {
    expect(() => checkNumberRange(scope, 'acu', 0.5, 0, 256)).not.toThrow();
    expect(() => checkNumberRange(scope, 'acu', 300, 0, 256, 'ACU')).toThrow(
      /got 300 ACU; must be from 0 to 256 ACU/,
    );
  });

  test('tokens skip every check', () => {
    const number = Token.asNumber({ Ref: 'Param' });
    const text = Token.asString({ Ref: 'Param' });
    expect(() => checkIntegerRange(scope, 'count', number, 1, 3)).not.toThrow();
    expect(() => checkNumberRange(scope, 'count', number, 1, 3)).not.toThrow();
    expect(() => checkAllowedValue(scope, 'mode', text, ['a'])).not.toThrow();
    expect(() => checkMinNotAboveMax(scope, 'min', number, 'max', 1)).not.toThrow();
    expect(() => checkDurationRange(scope, 'delay', Duration.seconds(number), 0, 1)).not.toThrow();
    expect(() =>
      checkResourceName(scope, 'name', text, { maxLength: 1, pattern: /^a$/, patternDescription: 'a' }),
    ).not.toThrow();
  });

  test('allowed values are listed', () => {
    expect(() => checkAllowedValue(scope, 'mode', 'x', ['a', 'b'])).toThrow(
      /invalid mode: got "x"; allowed values are "a", "b"/,
    );
  });

  test('name rule lists every broken rule at once', () => {
    expect(() =>
      checkResourceName(scope, 'name', '-bad_', {
        maxLength: 3,
        pattern: /^[a-z-]+$/,
        patternDescription: 'lowercase letters and hyphens',
        noEdgeHyphen: true,
      }),
    ).toThrow(
      /got "-bad_"; the name must be 1 to 3 characters long \(got 5\), may contain only lowercase letters and hyphens, must not start or end with a hyphen/,
    );
  });
});

describe('profiles', () => {
  test('removal policy per kind and profile', () => {
    expect(removalPolicyFor(Profiles.DEV, StatefulKind.SNAPSHOTTABLE)).toBe('destroy');
    expect(removalPolicyFor(Profiles.PROD, StatefulKind.SNAPSHOTTABLE)).toBe('snapshot');
    expect(removalPolicyFor(Profiles.PROD, StatefulKind.DATA)).toBe('retain');
    expect(removalPolicyFor(Profiles.DEV, StatefulKind.DATA)).toBe('destroy');
  });

  test('buckets are retained in every profile', () => {
    expect(removalPolicyFor(Profiles.DEV, StatefulKind.BUCKET)).toBe('retain');
    expect(removalPolicyFor(Profiles.PROD, StatefulKind.BUCKET)).toBe('retain');
  });

  test('fromName returns the built-in profile', () => {
    expect(Profiles.fromName(scope, 'prod')).toBe(Profiles.PROD);
  });

  test('profile defaults are valid Fargate sizes and bounds', () => {
    for (const profile of [Profiles.DEV, Profiles.PROD]) {
      expect(profile.minTasks).toBeGreaterThanOrEqual(1);
      expect(profile.maxTasks).toBeGreaterThanOrEqual(profile.minTasks);
      expect(profile.natGateways).toBeLessThanOrEqual(profile.availabilityZoneCount);
    }
  });
});

describe('removal policy bad input', () => {
  test('construct without a CloudFormation resource', () => {
    const stack = new Stack(createTestApp(), 'Removal');
    const empty = new Construct(stack, 'Empty');
    expect(() => applyStatefulRemovalPolicy(empty, Profiles.PROD, StatefulKind.DATA)).toThrow(
      /Removal\/Empty: invalid removalPolicy: the construct has no CloudFormation resource/,
    );
  });
});
