import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';

/** Dimension value of messages whose body is not a valid envelope. */
export const INVALID_ENVELOPE_JOB_TYPE = 'invalid-envelope';
/**
 * Dimension value of jobs whose type has no handler. Job types come from message bodies, so an
 * unregistered type is not used as a dimension: each distinct value would create a new metric.
 */
export const UNKNOWN_JOB_TYPE = 'unknown-type';

/** Names of the EMF metrics the worker publishes, per job type (dimension `JobType`). */
export const WorkerMetricNames = {
  /** Jobs that ran and succeeded (count). */
  PROCESSED: 'JobsProcessed',
  /** Jobs that failed, including invalid envelopes and unknown types (count). */
  FAILED: 'JobsFailed',
  /** Deliveries skipped because the job had already taken effect (count). */
  DUPLICATE: 'JobsDuplicate',
  /** Jobs not started because the invocation was about to time out (count). */
  DEFERRED: 'JobsDeferred',
  /** Run time of each job that ran, successful or not (milliseconds). */
  DURATION: 'JobDuration',
} as const;

// Powertools publishes, and drops the dimensions, when one metric reaches 100 values; publishing
// in smaller chunks keeps the JobType dimension on every value.
const VALUES_PER_PUBLISH = 90;

interface JobTypeCounts {
  processed: number;
  failed: number;
  duplicate: number;
  deferred: number;
  durations: number[];
}

/** Counts of one batch, per job type, published as EMF metrics at the end of the invocation. */
export class BatchMetrics {
  private readonly counts = new Map<string, JobTypeCounts>();

  public processed(jobType: string, durationMillis: number): void {
    const counts = this.countsOf(jobType);
    counts.processed += 1;
    counts.durations.push(durationMillis);
  }

  public failed(jobType: string, durationMillis?: number): void {
    const counts = this.countsOf(jobType);
    counts.failed += 1;
    if (durationMillis !== undefined) {
      counts.durations.push(durationMillis);
    }
  }

  public duplicate(jobType: string): void {
    this.countsOf(jobType).duplicate += 1;
  }

  public deferred(jobType: string): void {
    this.countsOf(jobType).deferred += 1;
  }

  /** Totals over every job type. */
  public totals(): Omit<JobTypeCounts, 'durations'> {
    const totals = { processed: 0, failed: 0, duplicate: 0, deferred: 0 };
    for (const counts of this.counts.values()) {
      totals.processed += counts.processed;
      totals.failed += counts.failed;
      totals.duplicate += counts.duplicate;
      totals.deferred += counts.deferred;
    }
    return totals;
  }

  /** Writes the counts as EMF metrics with a `JobType` dimension, one document per job type. */
  public publish(metrics: Metrics): void {
    for (const [jobType, counts] of this.counts) {
      metrics.addDimension('JobType', jobType);
      metrics.addMetric(WorkerMetricNames.PROCESSED, MetricUnit.Count, counts.processed);
      metrics.addMetric(WorkerMetricNames.FAILED, MetricUnit.Count, counts.failed);
      metrics.addMetric(WorkerMetricNames.DUPLICATE, MetricUnit.Count, counts.duplicate);
      metrics.addMetric(WorkerMetricNames.DEFERRED, MetricUnit.Count, counts.deferred);

      for (let start = 0; start < counts.durations.length; start += VALUES_PER_PUBLISH) {
        if (start > 0) {
          metrics.addDimension('JobType', jobType);
        }
        for (const duration of counts.durations.slice(start, start + VALUES_PER_PUBLISH)) {
          metrics.addMetric(WorkerMetricNames.DURATION, MetricUnit.Milliseconds, duration);
        }
        metrics.publishStoredMetrics();
      }
      if (counts.durations.length === 0) {
        metrics.publishStoredMetrics();
      }
    }
  }

  private countsOf(jobType: string): JobTypeCounts {
    let counts = this.counts.get(jobType);
    if (!counts) {
      counts = { processed: 0, failed: 0, duplicate: 0, deferred: 0, durations: [] };
      this.counts.set(jobType, counts);
    }
    return counts;
  }
}
