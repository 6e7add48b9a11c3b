/** What a query worker is started with. */
export interface QueryWorkerData {
  filename: string;
  tablePrefix: string;
  busyTimeoutMs: number;
  cacheSizeKiB: number;
}

/** The store reads a worker may run (the expensive kind: lists, statistics and percentiles). */
export type WorkerOp = 'listTickets' | 'statistics' | 'percentiles';

export interface WorkerRequest {
  id: number;
  op: WorkerOp;
  args: unknown[];
}

export type WorkerReply =
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string; code?: unknown } };
