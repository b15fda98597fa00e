/**
 * Fetchers for the server's migration records (`/api/clusters/:id/migrations`), the
 * maintenance switch and the procedure-manager status. Same gate as every other answer.
 */
import { z } from 'zod';
import { CLUSTER_ENDPOINTS, clusterPath } from '../../contract/api-contract';
import {
  MigrationListAnswerSchema,
  SubmitMigrationAnswerSchema,
  type MigrationListAnswer,
  type SubmitMigrationAnswer,
  type SubmitMigrationBody,
} from '../../contract/tracked-migration';
import { requestThroughGate } from './http-gate';

export function fetchMigrations(
  clusterId: string,
  scope: 'all' | 'recent',
  signal?: AbortSignal,
): Promise<MigrationListAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.migrations,
    query: { scope },
    bodyFormat: 'json',
    schema: MigrationListAnswerSchema,
    signal,
  });
}

/**
 * Asks the server to submit and follow one migration. No AbortSignal: once sent, only the
 * server decides; a repeat with the same idempotency key returns the same record.
 */
export function submitTrackedMigration(
  clusterId: string,
  body: SubmitMigrationBody,
): Promise<SubmitMigrationAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.migrations,
    method: 'POST',
    jsonBody: body,
    bodyFormat: 'json',
    schema: SubmitMigrationAnswerSchema,
  });
}

/** Same-origin download link of the history export. */
export function migrationsExportUrl(clusterId: string, format: 'csv' | 'json'): string {
  return `${clusterPath(clusterId, CLUSTER_ENDPOINTS.migrations)}/export?format=${format}`;
}

/**
 * Maintenance mode as MetaSrv reports it: v0.7.2 answers a sentence (`Maintenance mode is
 * enabled`), later versions JSON (`{"enabled":true}`). Read as text, then by its shape.
 */
export const MaintenanceStatusSchema = z.string().transform((text, ctx): boolean => {
  const sentence = /^Maintenance mode (is )?(enabled|disabled)$/.exec(text.trim());
  if (sentence !== null) return sentence[2] === 'enabled';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = z.object({ enabled: z.boolean() }).safeParse(json);
  if (parsed.success) return parsed.data.enabled;
  ctx.addIssue({
    code: 'custom',
    message: 'neither a maintenance status sentence nor {"enabled": true|false}',
  });
  return z.NEVER;
});

export function fetchMaintenance(clusterId: string, signal?: AbortSignal): Promise<boolean> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.maintenance,
    bodyFormat: 'text',
    schema: MaintenanceStatusSchema,
    signal,
  });
}

/**
 * How a version switches maintenance mode: v0.7.2's `/admin/maintenance/set?enable=`, or the
 * HTTP admin's POST `/admin/maintenance/enable|disable` from v0.16.
 */
export type MaintenanceSwitchForm = 'set-query' | 'enable-disable';

export function setMaintenance(
  clusterId: string,
  enable: boolean,
  form: MaintenanceSwitchForm,
): Promise<boolean> {
  return requestThroughGate({
    clusterId,
    endpoint:
      form === 'set-query' ? CLUSTER_ENDPOINTS.maintenanceSet : CLUSTER_ENDPOINTS.maintenanceSwitch,
    method: 'POST',
    jsonBody: { enable },
    bodyFormat: 'text',
    schema: MaintenanceStatusSchema,
  });
}

/** `/admin/procedure-manager/status` (v0.16+): `{"status":"running"|"paused"}`. */
const ProcedureManagerSchema = z.object({ status: z.enum(['running', 'paused']) });

export function fetchProcedureManagerStatus(
  clusterId: string,
  signal?: AbortSignal,
): Promise<'running' | 'paused'> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.procedureManager,
    bodyFormat: 'json',
    schema: ProcedureManagerSchema.transform((answer) => answer.status),
    signal,
  });
}
