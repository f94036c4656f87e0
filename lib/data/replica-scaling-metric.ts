/** Metric that replica autoscaling keeps at its target value. */
export enum ReplicaScalingMetric {
  /** Average CPU utilization of the readers, in percent (`RDSReaderAverageCPUUtilization`). */
  READER_AVERAGE_CPU_UTILIZATION = 'READER_AVERAGE_CPU_UTILIZATION',
  /** Average number of connections per reader (`RDSReaderAverageDatabaseConnections`). */
  READER_AVERAGE_DATABASE_CONNECTIONS = 'READER_AVERAGE_DATABASE_CONNECTIONS',
}
