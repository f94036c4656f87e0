/**
 * Colours of the dashboard's series, by role. Each value is a `#rrggbb` string; any other form
 * fails synth. A graph with one line per queue or worker leaves the colours to CloudWatch.
 */
export interface DashboardColors {
  /**
   * Traffic: requests, invocations, allowed requests, visible messages.
   * @default '#1f77b4' (cloudwatch.Color.BLUE)
   */
  readonly traffic?: string;

  /**
   * Errors: 5xx responses, function errors, blocked requests, dead-letter messages.
   * @default '#d62728' (cloudwatch.Color.RED)
   */
  readonly error?: string;

  /**
   * Warnings: throttles, rate-limited requests, evictions, the 99th percentile.
   * @default '#ff7f0e' (cloudwatch.Color.ORANGE)
   */
  readonly warning?: string;

  /**
   * Healthy state: healthy hosts, running tasks, cache hit rate, availability.
   * @default '#2ca02c' (cloudwatch.Color.GREEN)
   */
  readonly healthy?: string;

  /**
   * Second series of a graph: readers, desired tasks, the 90th percentile, engine CPU.
   * @default '#9467bd' (cloudwatch.Color.PURPLE)
   */
  readonly secondary?: string;

  /**
   * Third series of a graph: the 50th percentile, connections.
   * @default '#7f7f7f' (cloudwatch.Color.GREY)
   */
  readonly neutral?: string;
}
