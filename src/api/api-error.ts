/**
 * The one error type the API layer throws. `kind` says who is speaking, so the UI can quote
 * MetaSrv's own words verbatim, explain our server's refusals, and tell a malformed answer
 * or a lost connection apart from both.
 */
import type { ProxyErrorCode } from '../../contract/api-contract';

/** Which request failed, e.g. `GET /api/clusters/default/route?table_id=1087`. */
export interface ApiRequestLabel {
  /** Endpoint name from CLUSTER_ENDPOINTS, e.g. `route`. */
  endpoint: string;
  method: 'GET' | 'POST';
  /** Same-origin path with query. */
  url: string;
}

export type ApiErrorDetail =
  | {
      /** MetaSrv answered with a non-200 status; `text` is its body, byte for byte. */
      kind: 'metasrv';
      status: number;
      text: string;
      /** The MetaSrv node that answered (`x-metasrv-addr`), when the server said. */
      metasrvAddr: string | null;
    }
  | {
      /** Our own server refused or could not complete the request. */
      kind: 'proxy';
      status: number;
      code: ProxyErrorCode;
      proxyMessage: string;
      metasrvAddr: string | null;
      issues: string[];
    }
  | {
      /**
       * A GreptimeDB frontend (SQL path) answered with a non-200 status. `code` and `message`
       * come from its JSON error body (`{code, error}`); null when the body was not that.
       */
      kind: 'frontend';
      status: number;
      code: number | null;
      message: string;
      frontendAddr: string | null;
    }
  | {
      /** A 200 answer whose body did not have the expected shape. */
      kind: 'schema';
      /** Dotted path of the offending field (`region_routes.0.leader_peer.id`), or `(body)`. */
      field: string;
      problem: string;
      /** The start of the body, to recognise what actually came back. */
      excerpt: string;
    }
  | {
      /** The request never got an HTTP answer (connection refused, dropped, CORS...). */
      kind: 'network';
      cause: string;
    };

export type ApiErrorKind = ApiErrorDetail['kind'];

const EXCERPT_CHARS = 160;

/** Shortens a body for messages; whitespace runs collapse so an excerpt stays on one line. */
export function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function describe(request: ApiRequestLabel, detail: ApiErrorDetail): string {
  const what = `${request.method} ${request.url}`;
  switch (detail.kind) {
    case 'metasrv': {
      const who = detail.metasrvAddr === null ? 'MetaSrv' : `MetaSrv ${detail.metasrvAddr}`;
      const said = detail.text.length > 0 ? `: ${detail.text}` : ' with an empty body';
      return `${who} answered ${what} with HTTP ${detail.status}${said}`;
    }
    case 'proxy': {
      const node = detail.metasrvAddr === null ? '' : ` (MetaSrv ${detail.metasrvAddr})`;
      const issues = detail.issues.length > 0 ? ` [${detail.issues.join('; ')}]` : '';
      return `The console server could not complete ${what}${node}: ${detail.proxyMessage}${issues} (${detail.code}, HTTP ${detail.status})`;
    }
    case 'frontend': {
      const who = detail.frontendAddr === null ? 'The frontend' : `Frontend ${detail.frontendAddr}`;
      const code = detail.code === null ? '' : `, code ${detail.code}`;
      return `${who} answered ${what} with HTTP ${detail.status}${code}: ${detail.message}`;
    }
    case 'schema':
      return `Unexpected answer to ${what}: ${detail.field}: ${detail.problem}. Body starts: ${detail.excerpt || '(empty)'}`;
    case 'network':
      return `No answer to ${what}: ${detail.cause}`;
  }
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly request: ApiRequestLabel;
  readonly detail: ApiErrorDetail;

  constructor(request: ApiRequestLabel, detail: ApiErrorDetail, options?: { cause?: unknown }) {
    super(describe(request, detail), options);
    this.request = request;
    this.detail = detail;
  }

  get kind(): ApiErrorKind {
    return this.detail.kind;
  }
}

/** Narrows both the error and its detail: `if (isApiError(e, 'metasrv')) e.detail.text`. */
export function isApiError<K extends ApiErrorKind>(
  error: unknown,
  kind?: K,
): error is ApiError & { detail: Extract<ApiErrorDetail, { kind: K }> } {
  return error instanceof ApiError && (kind === undefined || error.detail.kind === kind);
}
