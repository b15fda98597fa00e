/**
 * Faults injected into MetaSrv answers, and the per-node request log. Both sit between the
 * socket and the admin handler, so a fault never changes the cluster model's rules: a dropped
 * connection still applies the request, exactly the case that tempts a client to resend.
 */
import { z } from 'zod';

export const FaultSpecSchema = z
  .object({
    /** Exact request path, e.g. `/admin/route`. */
    path: z.string().startsWith('/', 'path must start with /'),
    /** Only this MetaSrv node (index); all nodes when absent. */
    node: z.number().int().nonnegative().optional(),
    /** How many requests it applies to; forever when absent. */
    times: z.number().int().positive().optional(),
    /** Delay before answering, in real milliseconds. */
    latencyMs: z.number().int().nonnegative().max(600_000).optional(),
    /**
     * What to do instead of a normal answer:
     * - `error`: status (default 500) with `body` as plain text, no Content-Type, not applied;
     * - `truncate`: apply, then send the real body cut in half;
     * - `wrong-types`: apply, then send the real body with every JSON number turned into a string;
     * - `body`: apply, then send `body` verbatim with the real status;
     * - `drop`: apply, then destroy the socket without answering.
     */
    action: z.enum(['error', 'truncate', 'wrong-types', 'body', 'drop']).optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: z.string().optional(),
  })
  .refine((f) => f.action !== undefined || f.latencyMs !== undefined, {
    message: 'a fault needs an action or latencyMs',
  })
  .refine((f) => (f.action !== 'error' && f.action !== 'body') || f.body !== undefined, {
    message: 'actions error and body need a body',
  });
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

export interface Fault extends FaultSpec {
  id: number;
  /** Requests it has applied to so far. */
  hits: number;
}

export interface RequestLogEntry {
  node: number;
  method: string;
  path: string;
  query: string;
  /** null when the connection was dropped without an answer. */
  status: number | null;
  /** The answer's first LOGGED_BODY_CHARS characters: a 100k-region heartbeat is ~120 MB. */
  body: string;
  /** The whole answer's length in characters. */
  bodyLength: number;
  faultId: number | null;
  atMs: number;
}

const LOG_LIMIT = 2_000;
export const LOGGED_BODY_CHARS = 16_384;

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId, hits: 0 };
    this.nextId += 1;
    this.faults.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Takes the first matching fault for this request, counting the use. */
  take(node: number, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.path === path && (f.node === undefined || f.node === node),
    );
    if (fault === undefined) return undefined;
    fault.hits += 1;
    if (fault.times !== undefined && fault.hits >= fault.times) this.remove(fault.id);
    return { ...fault };
  }
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly counts = new Map<string, number>();

  record(entry: Omit<RequestLogEntry, 'bodyLength'>): void {
    this.entries.push({
      ...entry,
      body: entry.body.slice(0, LOGGED_BODY_CHARS),
      bodyLength: entry.body.length,
    });
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
    const key = `${entry.node} ${entry.path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  clear(): void {
    this.entries = [];
    this.counts.clear();
  }

  list(filter: { node?: number | undefined; path?: string | undefined } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.node === undefined || e.node === filter.node) &&
        (filter.path === undefined || e.path === filter.path),
    );
  }

  /** Counters per node and path: `{ "0": { "/admin/route": 3 } }`. */
  counters(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [key, count] of this.counts) {
      const space = key.indexOf(' ');
      const node = key.slice(0, space);
      const path = key.slice(space + 1);
      out[node] = { ...(out[node] ?? {}), [path]: count };
    }
    return out;
  }
}

/** Quotes every bare JSON number outside strings: `{"id":1}` -> `{"id":"1"}`. */
export function quoteNumbers(body: string): string {
  let out = '';
  let inString = false;
  let i = 0;
  while (i < body.length) {
    const ch = body.charAt(i);
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += body.charAt(i + 1);
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i += 1;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i += 1;
      continue;
    }
    const match = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(body.slice(i, i + 64));
    if (match !== null) {
      out += `"${match[0]}"`;
      i += match[0].length;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}
