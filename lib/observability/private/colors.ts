import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { DashboardColors } from '../dashboard-colors';
import { checkHexColor } from './checks';

/** Every colour role with its value: the defaults overridden by the props. */
export type ResolvedDashboardColors = { -readonly [Role in keyof DashboardColors]-?: string };

const DEFAULT_COLORS: ResolvedDashboardColors = {
  traffic: cloudwatch.Color.BLUE,
  error: cloudwatch.Color.RED,
  warning: cloudwatch.Color.ORANGE,
  healthy: cloudwatch.Color.GREEN,
  secondary: cloudwatch.Color.PURPLE,
  neutral: cloudwatch.Color.GREY,
};

/** Validates the overrides and merges them over the defaults; `prop` prefixes the prop names in errors. */
export function resolveDashboardColors(
  scope: IConstruct,
  prop: string,
  colors: DashboardColors | undefined,
): ResolvedDashboardColors {
  const resolved: ResolvedDashboardColors = { ...DEFAULT_COLORS };
  for (const role of Object.keys(DEFAULT_COLORS) as (keyof DashboardColors)[]) {
    const value = colors?.[role];
    checkHexColor(scope, `${prop}.${role}`, value);
    if (value !== undefined) {
      resolved[role] = value;
    }
  }
  return resolved;
}
