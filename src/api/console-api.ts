/**
 * Fetchers for the console-level endpoints (outside any one cluster): the configured
 * clusters, the session, and token login/logout. They go through the same gate as the
 * cluster fetchers and throw ApiError on failure.
 */
import {
  CONSOLE_PATHS,
  ClusterListSchema,
  SessionSchema,
  type ClusterList,
  type Session,
} from '../../contract/api-contract';
import { requestThroughGate } from './http-gate';

export function fetchClusters(signal?: AbortSignal): Promise<ClusterList> {
  return requestThroughGate({
    consolePath: CONSOLE_PATHS.clusters,
    bodyFormat: 'json',
    schema: ClusterListSchema,
    signal,
  });
}

/** Never 401: an unauthenticated browser learns it must log in (`user: null`). */
export function fetchSession(signal?: AbortSignal): Promise<Session> {
  return requestThroughGate({
    consolePath: CONSOLE_PATHS.session,
    bodyFormat: 'json',
    schema: SessionSchema,
    signal,
  });
}

/** Exchanges a named token for an HttpOnly session cookie; a wrong token is `unauthorized`. */
export function logIn(token: string): Promise<Session> {
  return requestThroughGate({
    consolePath: CONSOLE_PATHS.login,
    method: 'POST',
    jsonBody: { token },
    bodyFormat: 'json',
    schema: SessionSchema,
  });
}

export function logOut(): Promise<Session> {
  return requestThroughGate({
    consolePath: CONSOLE_PATHS.logout,
    method: 'POST',
    bodyFormat: 'json',
    schema: SessionSchema,
  });
}
