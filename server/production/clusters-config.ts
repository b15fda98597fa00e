/**
 * The clusters a console talks to. One unnamed cluster comes from METASRV_ADDRS (as in
 * `npm run dev`) and is called `default`; several come from CLUSTERS (JSON) or repeated
 * `--cluster name=host:port,...`. Every address is checked as strictly as METASRV_ADDRS.
 */
import { z } from 'zod';
import { ClusterIdSchema } from '../../src/domain/api-contract.ts';
import { isMetasrvAddr } from '../proxy/metasrv-addr.ts';
import { LIST_SEPARATOR } from './cli-flags.ts';

export interface ClusterSettings {
  id: string;
  metasrvAddrs: string[];
  leaderMap: Map<string, string>;
}

const AddrSchema = z
  .string()
  .refine(isMetasrvAddr, { error: (issue) => `"${String(issue.input)}" is not host:port` });

const ClusterEntrySchema = z
  .strictObject({
    metasrv: z.array(AddrSchema).min(1, 'needs at least one MetaSrv address'),
    leaderMap: z.record(AddrSchema, AddrSchema).optional(),
  })
  .superRefine((entry, ctx) => {
    const configured = new Set(entry.metasrv);
    if (configured.size !== entry.metasrv.length) {
      ctx.addIssue({ code: 'custom', message: 'lists a MetaSrv address twice' });
    }
    // A mapping to an address we never contact would smuggle in an unconfigured host.
    for (const [reported, target] of Object.entries(entry.leaderMap ?? {})) {
      if (!configured.has(target)) {
        ctx.addIssue({
          code: 'custom',
          path: ['leaderMap', reported],
          message: `maps to ${target}, which is not one of this cluster's MetaSrv addresses`,
        });
      }
    }
  });

const ClustersJsonSchema = z
  .record(ClusterIdSchema, ClusterEntrySchema)
  .refine((clusters) => Object.keys(clusters).length > 0, 'names no cluster');

function issueLines(prefix: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return `${prefix}${where === '' ? '' : ` ${where}`}: ${issue.message}`;
  });
}

export type ClustersResult =
  { ok: true; clusters: ClusterSettings[] } | { ok: false; problems: string[] };

/** CLUSTERS: a JSON object, cluster id -> `{metasrv: [...], leaderMap?: {...}}`. */
export function parseClustersJson(text: string, label: string): ClustersResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${label}: is not valid JSON`] };
  }
  const result = ClustersJsonSchema.safeParse(raw);
  if (!result.success) return { ok: false, problems: issueLines(label, result.error) };
  return {
    ok: true,
    clusters: Object.entries(result.data).map(([id, entry]) => ({
      id,
      metasrvAddrs: entry.metasrv,
      leaderMap: new Map(Object.entries(entry.leaderMap ?? {})),
    })),
  };
}

/** `--cluster prod=a:3002,b:3002` (repeated), or CLUSTER=`prod=a:3002;staging=c:3002`. */
export function parseClusterList(text: string, label: string): ClustersResult {
  const problems: string[] = [];
  const clusters: ClusterSettings[] = [];
  for (const item of text.split(LIST_SEPARATOR).map((part) => part.trim())) {
    const eq = item.indexOf('=');
    const id = eq > 0 ? item.slice(0, eq).trim() : '';
    const addrs =
      eq > 0
        ? item
            .slice(eq + 1)
            .split(',')
            .map((addr) => addr.trim())
        : [];
    if (!ClusterIdSchema.safeParse(id).success) {
      problems.push(`${label}: "${item}" is not name=host:port[,host:port] (name: a-z, 0-9, -)`);
      continue;
    }
    const bad = addrs.filter((addr) => !isMetasrvAddr(addr));
    if (addrs.length === 0 || bad.length > 0) {
      problems.push(
        `${label}: cluster ${id}: ${bad.map((a) => `"${a}"`).join(', ') || 'no address'} is not host:port`,
      );
      continue;
    }
    if (new Set(addrs).size !== addrs.length) {
      problems.push(`${label}: cluster ${id} lists a MetaSrv address twice`);
      continue;
    }
    clusters.push({ id, metasrvAddrs: addrs, leaderMap: new Map() });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, clusters };
}

/** Ids must be unique across every source. */
export function duplicateIds(clusters: readonly ClusterSettings[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { id } of clusters) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}
