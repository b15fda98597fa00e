/**
 * The clusters a console talks to. One unnamed cluster comes from METASRV_ADDRS (as in
 * `npm run dev`) and is called `default`; several come from CLUSTERS (JSON) or repeated
 * `--cluster name=host:port,...`. Every address is checked as strictly as METASRV_ADDRS.
 * Each cluster may name its own GreptimeDB frontend (SQL path, v0.8+): its URL, user, and a
 * password or a file holding it. Problems name the setting, never a password.
 */
import { z } from 'zod';
import { ClusterIdSchema } from '../../contract/api-contract.ts';
import { isMetasrvAddr } from '../proxy/metasrv-addr.ts';
import type { FrontendTarget } from '../sql/frontend-client.ts';
import { parseFrontendUrl } from '../sql/frontend-config.ts';
import { LIST_SEPARATOR } from './cli-flags.ts';

export interface ClusterSettings {
  id: string;
  metasrvAddrs: string[];
  leaderMap: Map<string, string>;
  /** The cluster's frontend for the SQL path; null: legacy admin API only. */
  frontend: FrontendTarget | null;
}

/** Reads a password file (path as configured); injectable so config.ts resolves and reports. */
export type ReadSecretFile = (
  file: string,
) => { ok: true; text: string } | { ok: false; why: string };

/** A frontend as configured, before its password file is read. */
interface FrontendEntry {
  url: string;
  user?: string | undefined;
  password?: string | undefined;
  passwordFile?: string | undefined;
}

/** Frontend settings -> target; a password file's trailing newline is not part of it. */
function frontendTarget(
  entry: FrontendEntry,
  where: string,
  readSecretFile: ReadSecretFile,
): { ok: true; frontend: FrontendTarget } | { ok: false; problem: string } {
  let password = entry.password;
  if (entry.passwordFile !== undefined) {
    const read = readSecretFile(entry.passwordFile);
    if (!read.ok)
      return { ok: false, problem: `${where}: cannot read ${entry.passwordFile} (${read.why})` };
    password = read.text.replace(/\r?\n$/, '');
    if (password === '') return { ok: false, problem: `${where}: ${entry.passwordFile} is empty` };
  }
  return {
    ok: true,
    frontend: {
      url: entry.url,
      credentials:
        entry.user === undefined || password === undefined ? null : { user: entry.user, password },
    },
  };
}

const FrontendUrlSchema = z.string().transform((text, ctx) => {
  const url = parseFrontendUrl(text);
  if (url === null) {
    // Not quoted: a mistaken URL may carry user:password@.
    ctx.addIssue({
      code: 'custom',
      message: 'url is not http(s)://host:port (no path, no user info)',
    });
    return z.NEVER;
  }
  return url;
});

const FrontendEntrySchema = z
  .strictObject({
    url: FrontendUrlSchema,
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.password !== undefined && entry.passwordFile !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give password or passwordFile, not both' });
    }
    const hasPassword = entry.password !== undefined || entry.passwordFile !== undefined;
    if ((entry.user === undefined) === hasPassword) {
      ctx.addIssue({
        code: 'custom',
        message: 'user and password (or passwordFile): both or neither',
      });
    }
  });

const AddrSchema = z
  .string()
  .refine(isMetasrvAddr, { error: (issue) => `"${String(issue.input)}" is not host:port` });

const ClusterEntrySchema = z
  .strictObject({
    metasrv: z.array(AddrSchema).min(1, 'needs at least one MetaSrv address'),
    leaderMap: z.record(AddrSchema, AddrSchema).optional(),
    frontend: FrontendEntrySchema.optional(),
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
  // A wrong password is never quoted back: zod's messages for it name only its type.
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return `${prefix}${where === '' ? '' : ` ${where}`}: ${issue.message}`;
  });
}

export type ClustersResult =
  { ok: true; clusters: ClusterSettings[] } | { ok: false; problems: string[] };

/**
 * CLUSTERS: a JSON object, cluster id ->
 * `{metasrv: [...], leaderMap?: {...}, frontend?: {url, user?, password? | passwordFile?}}`.
 */
export function parseClustersJson(
  text: string,
  label: string,
  readSecretFile: ReadSecretFile,
): ClustersResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${label}: is not valid JSON`] };
  }
  const result = ClustersJsonSchema.safeParse(raw);
  if (!result.success) return { ok: false, problems: issueLines(label, result.error) };
  const problems: string[] = [];
  const clusters: ClusterSettings[] = [];
  for (const [id, entry] of Object.entries(result.data)) {
    let frontend: FrontendTarget | null = null;
    if (entry.frontend !== undefined) {
      const target = frontendTarget(entry.frontend, `${label} ${id}.frontend`, readSecretFile);
      if (target.ok) frontend = target.frontend;
      else problems.push(target.problem);
    }
    clusters.push({
      id,
      metasrvAddrs: entry.metasrv,
      leaderMap: new Map(Object.entries(entry.leaderMap ?? {})),
      frontend,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, clusters };
}

/** `key=value` items of the list form, after the MetaSrv addresses. */
const LIST_OPTIONS = {
  frontend: 'url',
  'frontend-user': 'user',
  'frontend-password': 'password',
  'frontend-password-file': 'passwordFile',
} as const satisfies Record<string, keyof FrontendEntry>;

function isListOption(key: string): key is keyof typeof LIST_OPTIONS {
  return Object.hasOwn(LIST_OPTIONS, key);
}

/**
 * `--cluster prod=a:3002,b:3002[,frontend=https://fe:4000,frontend-user=u,frontend-password-file=f]`
 * (repeated), or CLUSTER=`prod=a:3002;staging=c:3002`. Items holding `=` after the name are
 * options; a MetaSrv address never holds one.
 */
export function parseClusterList(
  text: string,
  label: string,
  readSecretFile: ReadSecretFile,
): ClustersResult {
  const problems: string[] = [];
  const clusters: ClusterSettings[] = [];
  for (const item of text.split(LIST_SEPARATOR).map((part) => part.trim())) {
    const eq = item.indexOf('=');
    const id = eq > 0 ? item.slice(0, eq).trim() : '';
    const parts =
      eq > 0
        ? item
            .slice(eq + 1)
            .split(',')
            .map((part) => part.trim())
        : [];
    if (!ClusterIdSchema.safeParse(id).success) {
      // The item is not quoted: it may hold a frontend password.
      problems.push(`${label}: an item is not name=host:port[,host:port] (name: a-z, 0-9, -)`);
      continue;
    }
    const addrs = parts.filter((part) => !part.includes('='));
    const options: Partial<Record<keyof FrontendEntry, string>> = {};
    const itemProblems: string[] = [];
    for (const part of parts.filter((p) => p.includes('='))) {
      const key = part.slice(0, part.indexOf('='));
      const value = part.slice(part.indexOf('=') + 1);
      if (!isListOption(key)) {
        itemProblems.push(
          `${label}: cluster ${id}: unknown option ${key} (frontend, frontend-user, frontend-password, frontend-password-file)`,
        );
      } else if (options[LIST_OPTIONS[key]] !== undefined) {
        itemProblems.push(`${label}: cluster ${id}: ${key} is given twice`);
      } else {
        options[LIST_OPTIONS[key]] = value;
      }
    }
    const bad = addrs.filter((addr) => !isMetasrvAddr(addr));
    if (addrs.length === 0 || bad.length > 0) {
      itemProblems.push(
        `${label}: cluster ${id}: ${bad.map((a) => `"${a}"`).join(', ') || 'no address'} is not host:port`,
      );
    } else if (new Set(addrs).size !== addrs.length) {
      itemProblems.push(`${label}: cluster ${id} lists a MetaSrv address twice`);
    }
    let frontend: FrontendTarget | null = null;
    if (Object.keys(options).length > 0) {
      const entry = FrontendEntrySchema.safeParse(options);
      if (!entry.success) {
        itemProblems.push(...issueLines(`${label}: cluster ${id}: frontend`, entry.error));
      } else {
        const target = frontendTarget(entry.data, `${label}: cluster ${id}`, readSecretFile);
        if (target.ok) frontend = target.frontend;
        else itemProblems.push(target.problem);
      }
    }
    if (itemProblems.length > 0) {
      problems.push(...itemProblems);
      continue;
    }
    clusters.push({ id, metasrvAddrs: addrs, leaderMap: new Map(), frontend });
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
