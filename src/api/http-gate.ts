/**
 * The one gate for bytes from outside the browser. Every request goes to our own origin
 * (`/api/clusters/:id/...`); every answer passes, in order:
 *   network -> `x-console-origin: proxy` error? -> status 200? -> text -> lossless JSON
 *   (or plain text) -> zod schema -> typed value.
 * Anything that fails a step becomes an ApiError saying which step and why. Bodies are
 * always read as text first (never `response.json()`, which rounds u64 ids).
 */
import type { z } from 'zod';
import {
  MUTATION_HEADER,
  ProxyErrorBodySchema,
  RELAY_HEADERS,
  clusterPath,
  type CLUSTER_ENDPOINTS,
  type CONSOLE_PATHS,
} from '../../contract/api-contract';
import { FRONTEND_RELAY_HEADER, type SQL_ENDPOINTS } from '../../contract/sql-contract';
import { ApiError, excerptOf, type ApiRequestLabel } from './api-error';
import { FrontendErrorBodySchema } from '../../contract/sql/sql-records';
import { parseLosslessJson } from '../../contract/lossless-json';
import { summarizeZodError } from './zod-issue';

export type ClusterEndpoint =
  | (typeof CLUSTER_ENDPOINTS)[keyof typeof CLUSTER_ENDPOINTS]
  | (typeof SQL_ENDPOINTS)[keyof typeof SQL_ENDPOINTS];
export type ConsolePath = (typeof CONSOLE_PATHS)[keyof typeof CONSOLE_PATHS];

/** What a schema sees when it needs response headers as well as the body. */
export interface GateAnswer {
  body: unknown;
  headers: {
    [RELAY_HEADERS.metasrvAddr]: string | null;
    [RELAY_HEADERS.metasrvDate]: string | null;
  };
}

/** Either an endpoint of one cluster, or a console-level path such as `/api/session`. */
export type GateTarget =
  | { clusterId: string; endpoint: ClusterEndpoint; consolePath?: undefined }
  | { consolePath: ConsolePath; clusterId?: undefined; endpoint?: undefined };

export type GateRequest<T> = GateTarget & GateOptions<T>;

interface GateOptions<T> {
  method?: 'GET' | 'POST';
  query?: Readonly<Record<string, string>>;
  /** Sent as `application/json`; only our own request types, never wire data. */
  jsonBody?: unknown;
  /** How the body is decoded before the schema: JSON (losslessly) or the text as is. */
  bodyFormat: 'json' | 'text';
  /** `body` (default): the schema gets the decoded body; `answer`: a GateAnswer. */
  schemaInput?: 'body' | 'answer';
  schema: z.ZodType<T>;
  /** TanStack Query's signal; an abort is rethrown as is, never wrapped. */
  signal?: AbortSignal | undefined;
}

function requestUrl(path: string, query?: Readonly<Record<string, string>>) {
  const search = query === undefined ? '' : new URLSearchParams(query).toString();
  return search.length > 0 ? `${path}?${search}` : path;
}

function causeText(error: unknown): string {
  if (error instanceof Error) {
    // undici puts the useful part (ECONNREFUSED...) in `cause`.
    const inner = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${inner}`;
  }
  return String(error);
}

function rethrowIfAborted(signal: AbortSignal | undefined, error: unknown): void {
  if (signal?.aborted === true) throw error;
}

function parseOrThrow<T>(
  label: ApiRequestLabel,
  schema: z.ZodType<T>,
  input: unknown,
  text: string,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { field, problem } = summarizeZodError(result.error);
  throw new ApiError(
    label,
    { kind: 'schema', field, problem, excerpt: excerptOf(text) },
    { cause: result.error },
  );
}

function decodeJson(label: ApiRequestLabel, text: string): unknown {
  try {
    return parseLosslessJson(text);
  } catch (error) {
    throw new ApiError(
      label,
      {
        kind: 'schema',
        field: '(body)',
        problem: `not JSON (${causeText(error)})`,
        excerpt: excerptOf(text),
      },
      { cause: error },
    );
  }
}

async function readText(label: ApiRequestLabel, response: Response, signal?: AbortSignal) {
  try {
    return await response.text();
  } catch (error) {
    rethrowIfAborted(signal, error);
    throw new ApiError(
      label,
      { kind: 'network', cause: `the answer was cut off (${causeText(error)})` },
      { cause: error },
    );
  }
}

/**
 * Opening or reloading the page is an explicit refresh: its first read of each URL asks the
 * server to look past the cache it shares between browsers (`cache-control: no-cache`, which
 * the server honours at most once a second per path: server/cluster-poller). Later reads of
 * the URL are answered from that cache, which the server keeps current for every tab.
 */
const readSincePageLoad = new Set<string>();

export async function requestThroughGate<T>(request: GateRequest<T>): Promise<T> {
  const method = request.method ?? 'GET';
  const path = request.consolePath ?? clusterPath(request.clusterId, request.endpoint);
  const url = requestUrl(path, request.query);
  const label: ApiRequestLabel = { endpoint: request.endpoint ?? path, method, url };

  const init: RequestInit = { method, credentials: 'same-origin', signal: request.signal ?? null };
  const headers: Record<string, string> = {};
  // The server refuses a mutating request without it (CSRF: a cross-site form cannot set it).
  if (method !== 'GET') headers[MUTATION_HEADER.name] = MUTATION_HEADER.value;
  else if (!readSincePageLoad.has(url)) {
    readSincePageLoad.add(url);
    headers['cache-control'] = 'no-cache';
  }
  if (request.jsonBody !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(request.jsonBody);
  }
  init.headers = headers;

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    rethrowIfAborted(request.signal, error);
    throw new ApiError(label, { kind: 'network', cause: causeText(error) }, { cause: error });
  }

  const text = await readText(label, response, request.signal);
  const metasrvAddr = response.headers.get(RELAY_HEADERS.metasrvAddr);
  const fromProxy = response.headers.get(RELAY_HEADERS.origin) === 'proxy';

  // Our server's own refusals are JSON and say so in a header; MetaSrv's never do.
  if (fromProxy && response.status !== 200) {
    const { error } = parseOrThrow(label, ProxyErrorBodySchema, decodeJson(label, text), text);
    throw new ApiError(label, {
      kind: 'proxy',
      status: response.status,
      code: error.code,
      proxyMessage: error.message,
      metasrvAddr: error.metasrv ?? metasrvAddr,
      issues: error.issues ?? [],
    });
  }
  // A GreptimeDB frontend's error is JSON `{code, error}` (API.md §3.4), relayed with its address.
  const frontendAddr = response.headers.get(FRONTEND_RELAY_HEADER);
  if (frontendAddr !== null && response.status !== 200) {
    let decoded: unknown = undefined;
    try {
      decoded = parseLosslessJson(text);
    } catch {
      // Not JSON: quoted as text below.
    }
    const parsed = FrontendErrorBodySchema.safeParse(decoded);
    throw new ApiError(label, {
      kind: 'frontend',
      status: response.status,
      code: parsed.success ? parsed.data.code : null,
      message: parsed.success ? parsed.data.error : text,
      frontendAddr,
    });
  }
  // Legacy MetaSrv answers every error with 500 (404 for unknown paths) and a plain sentence.
  if (response.status !== 200) {
    throw new ApiError(label, { kind: 'metasrv', status: response.status, text, metasrvAddr });
  }

  const body = request.bodyFormat === 'json' ? decodeJson(label, text) : text;
  const input: unknown =
    request.schemaInput === 'answer'
      ? ({
          body,
          headers: {
            [RELAY_HEADERS.metasrvAddr]: metasrvAddr,
            [RELAY_HEADERS.metasrvDate]: response.headers.get(RELAY_HEADERS.metasrvDate),
          },
        } satisfies GateAnswer)
      : body;
  return parseOrThrow(label, request.schema, input, text);
}
