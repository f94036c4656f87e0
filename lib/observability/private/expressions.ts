import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IWebMetrics } from '../../core/tier-metrics';

/*
 * Metric math shared by the dashboard, the alarms and the burn-rate alarms. Every expression
 * takes an explicit period and passes the same period to the metrics it uses, so CloudWatch
 * evaluates all of them on one grid.
 */

/**
 * 5xx responses over requests, times `scale` (1 for a fraction, 100 for percent).
 *
 * RequestCount of a target group counts only requests with a response from a target, so the load balancer's
 * own 5xx responses (no healthy target, target timeouts) are added to both sides. The 5xx
 * counts are reported only when non-zero, hence FILL. A period without any request yields 0.
 */
export function serverErrorRatio(
  web: IWebMetrics,
  period: Duration,
  scale: number,
  label: string,
): cloudwatch.MathExpression {
  const errors = 'FILL(targetErrors, 0) + FILL(loadBalancerErrors, 0)';
  const total = 'FILL(requests, 0) + FILL(loadBalancerErrors, 0)';
  const scaled = scale === 1 ? `(${errors}) / (${total})` : `${scale} * (${errors}) / (${total})`;
  return new cloudwatch.MathExpression({
    expression: `IF((${total}) > 0, ${scaled}, 0)`,
    usingMetrics: {
      requests: web.metricRequestCountSum({ period }),
      targetErrors: web.metricTarget5xxCountSum({ period }),
      loadBalancerErrors: web.metricLoadBalancer5xxCountSum({ period }),
    },
    period,
    label,
  });
}

/** Availability in percent: 100 minus the 5xx percentage of {@link serverErrorRatio}. */
export function availabilityPercent(
  web: IWebMetrics,
  period: Duration,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: '100 - errorPercent',
    usingMetrics: { errorPercent: serverErrorRatio(web, period, 100, 'Error ratio') },
    period,
    label,
  });
}

/**
 * Fraction of requests slower than `thresholdSeconds`, from the percentile rank of the target
 * response time: `PR(:t)` is the percentage of requests that took at most t seconds.
 *
 * NOTE: CloudWatch documents percentile rank next to the percentile statistics, and the load
 * balancer publishes TargetResponseTime with percentiles. This expression has not been checked
 * against a deployed load balancer. It yields no data in a period without requests.
 */
export function slowRequestRatio(
  web: IWebMetrics,
  thresholdSeconds: number,
  period: Duration,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: '(100 - fastPercent) / 100',
    usingMetrics: {
      fastPercent: web.metricTargetResponseTimeP99Seconds({
        statistic: cloudwatch.Stats.percentileRank(thresholdSeconds),
        period,
      }),
    },
    period,
    label,
  });
}

/**
 * CPU or memory utilization counted only while the service runs its maximum task count:
 * autoscaling cannot add tasks then, so a high value needs a person. 0 below the maximum.
 */
export function utilizationAtMaxCapacity(
  web: IWebMetrics,
  utilization: cloudwatch.IMetric,
  period: Duration,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF(runningTasks >= ${web.maxCapacity}, utilization, 0)`,
    usingMetrics: {
      runningTasks: web.metricRunningTaskCountAverage({ period }),
      utilization,
    },
    period,
    label,
  });
}

/**
 * Wraps a metric or expression in an expression with our label and colour. The tier helpers that
 * return metric math set their own label and ignore a colour in `props`.
 */
export function labelled(
  metric: cloudwatch.IMetric,
  period: Duration,
  label: string,
  color: string | undefined,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: 'value',
    usingMetrics: { value: metric },
    period,
    label,
    color,
  });
}
