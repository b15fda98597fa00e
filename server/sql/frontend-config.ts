/**
 * The frontend settings of the SQL path, from the environment (same names as the production
 * server, server/production/settings.ts): FRONTEND_URL (`http(s)://host:port`), and for
 * GreptimeDB's HTTP auth FRONTEND_USER + FRONTEND_PASSWORD, or FRONTEND_AUTH=`user:password`.
 * Problems name the variable, never a secret.
 */
import type { FrontendTarget } from './frontend-client.ts';

export type FrontendSettings =
  { ok: true; frontend: FrontendTarget | null } | { ok: false; problems: string[] };

function present(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Only scheme, host and port: a path, query or user info in the URL is a mistake. */
export function parseFrontendUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const isBare =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    (url.pathname === '/' || url.pathname === '') &&
    url.search === '' &&
    url.hash === '';
  return isBare ? url.origin : null;
}

export function parseFrontendEnv(env: NodeJS.ProcessEnv): FrontendSettings {
  const problems: string[] = [];
  const urlText = present(env, 'FRONTEND_URL');
  const auth = present(env, 'FRONTEND_AUTH');
  let user = present(env, 'FRONTEND_USER');
  let password = present(env, 'FRONTEND_PASSWORD');

  if (auth !== undefined) {
    const colon = auth.indexOf(':');
    if (colon <= 0 || colon === auth.length - 1) {
      problems.push('FRONTEND_AUTH: must be user:password');
    } else if (user !== undefined || password !== undefined) {
      problems.push('FRONTEND_AUTH: set either it or FRONTEND_USER/FRONTEND_PASSWORD, not both');
    } else {
      user = auth.slice(0, colon);
      password = auth.slice(colon + 1);
    }
  }
  if ((user === undefined) !== (password === undefined)) {
    problems.push('FRONTEND_USER and FRONTEND_PASSWORD: set both or neither');
  }
  let url: string | null = null;
  if (urlText !== undefined) {
    url = parseFrontendUrl(urlText);
    if (url === null) problems.push(`FRONTEND_URL: "${urlText}" is not http(s)://host:port`);
  } else if (user !== undefined || password !== undefined) {
    problems.push('FRONTEND_URL: is required when frontend credentials are set');
  }
  if (problems.length > 0) return { ok: false, problems };
  if (url === null) return { ok: true, frontend: null };
  return {
    ok: true,
    frontend: {
      url,
      credentials: user !== undefined && password !== undefined ? { user, password } : null,
    },
  };
}

/**
 * EMULATOR_FRONTEND_AUTH=`user:password` (embedded v1 emulator only): the emulated frontend
 * requires these credentials and the console sends them. Null when unset or malformed.
 */
export function parseEmulatorFrontendAuth(
  env: NodeJS.ProcessEnv,
): { user: string; password: string } | null {
  const text = present(env, 'EMULATOR_FRONTEND_AUTH');
  const colon = text?.indexOf(':') ?? -1;
  if (text === undefined || colon <= 0 || colon === text.length - 1) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
