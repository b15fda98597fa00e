/**
 * Fetchers for the server's migration records (`/api/clusters/:id/migrations`), the
 * maintenance switch and the procedure-manager status. Same gate as every other answer.
 */
import { z } from 'zod';
import { CLUSTER_ENDPOINTS, clusterPath } from '../domain/api-contract';
import {
  MigrationListAnswerSchema,
  SubmitMigrationAnswerSchema,
  type MigrationListAnswer,
  type SubmitMigrationAnswer,
  type SubmitMigrationBody,
} from '../domain/tracked-migration';
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

/** `/admin/maintenance` text (v0.7.2): `Maintenance mode is enabled|disabled`. */
const MaintenanceTextSchema = z
  .string()
  .regex(/^Maintenance mode (is )?(enabled|disabled)$/, 'not a maintenance status sentence')
  .transform((text) => text.endsWith('enabled'));

export function fetchMaintenance(clusterId: string, signal?: AbortSignal): Promise<boolean> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.maintenance,
    bodyFormat: 'text',
    schema: MaintenanceTextSchema,
    signal,
  });
}

export function setMaintenance(clusterId: string, enable: boolean): Promise<boolean> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.maintenanceSet,
    method: 'POST',
    jsonBody: { enable },
    bodyFormat: 'text',
    schema: MaintenanceTextSchema,
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
