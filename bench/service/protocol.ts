// Messages between the benchmark leg and its serving child (bench/service/server.ts), over IPC.

export type Command =
  | { cmd: 'search'; terms: string }
  | { cmd: 'list'; cursor: boolean; connections: number; seconds: number }
  | { cmd: 'memory' }
  | { cmd: 'close' };

export type Request = Command & { id: number };

export interface Ready {
  ready: true;
  apiPort: number;
  barePort: number;
  /** A public commitment's id, for the conditional read. */
  sampleId: string;
  /** A cursor half-way through the register. */
  cursor: string;
  commitments: number;
  agreements: number;
  engineVersion: string;
  /** One direct first-page query before and after ANALYZE, and ANALYZE itself (ms). */
  firstPageMs: { beforeAnalyze: number; afterAnalyze: number; analyze: number };
}

export type Reply =
  | { id: number; ms: number; hits: number }
  | { id: number; requests: number; seconds: number; errors: number }
  | { id: number; rssMb: number; heapMb: number; peakRssMb: number }
  | { id: number; closed: true }
  | { id: number; error: string };
