/** What cluster.spec.ts measured, written to CLUSTER_RESULTS for run.ts to print and check. */
export interface ClusterResults {
  session: { documentsByInstance: Record<string, number> };
  burst: {
    requests: number;
    errors: number;
    non2xx: number;
    acknowledged: number;
    stored: number;
    lost: number;
    byInstance: Record<string, number>;
    durationMs: number;
    ratingsPerSecond: number;
  };
  rateLimit: { failures: number; byInstance: Record<string, number>; blocked: boolean };
  replica: {
    statements: number;
    transactions: number;
    primaryReportStatements: number;
    csvRows: number;
    /** The first download, which also opens the replica connection. */
    csvColdMs: number;
    csvMs: number;
    csvRowsPerSecond: number;
  };
}
