/**
 * The migrate dialog's timeout field, as the connected cluster's API describes it
 * (`ClusterApi.timeoutField`): legacy MetaSrv takes a humantime replay timeout; the SQL path
 * takes migrate_region's 4th argument in whole seconds, whose meaning and default depend on
 * the version ("Overall timeout (seconds)", 300 on v1.1.4). The tracked-migration request
 * carries it as humantime either way (`300s`); the server turns that back into seconds.
 */
import { useQuery } from '@tanstack/react-query';
import { connectionQuery, createClusterApi } from '../api/cluster-api-resolver';
import type { MigrationTimeoutField } from '../api/cluster-api-interface';
import { checkReplayTimeout, DEFAULT_REPLAY_TIMEOUT } from '../domain/replay-timeout';

const LEGACY_FIELD: MigrationTimeoutField = { kind: 'humantime', label: 'Replay timeout' };

/** The field of the cluster's API; legacy until the connection is known. */
export function useMigrationTimeoutField(clusterId: string): MigrationTimeoutField {
  const { data } = useQuery(connectionQuery(clusterId));
  return data === undefined ? LEGACY_FIELD : createClusterApi(clusterId, data).timeoutField;
}

export function defaultTimeoutText(field: MigrationTimeoutField): string {
  return field.kind === 'humantime' ? DEFAULT_REPLAY_TIMEOUT : String(field.clusterDefaultSeconds);
}

export type TimeoutCheck = { ok: true; replayTimeout: string } | { ok: false; message: string };

/** Checks the typed text; when valid, gives what the request's `replay_timeout` carries. */
export function checkMigrationTimeout(field: MigrationTimeoutField, text: string): TimeoutCheck {
  if (field.kind === 'humantime') {
    const check = checkReplayTimeout(text);
    return check.ok ? { ok: true, replayTimeout: text } : check;
  }
  const trimmed = text.trim();
  if (!/^[1-9][0-9]{0,5}$/.test(trimmed) || Number(trimmed) > 86_400) {
    return { ok: false, message: 'Enter whole seconds, 1 to 86400 (e.g. 300).' };
  }
  return { ok: true, replayTimeout: `${trimmed}s` };
}
