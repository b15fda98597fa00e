/**
 * A migration kept in flight for the request figures: submitted through the console server, as
 * the dashboard submits it, so that the server follows it, while the emulator's slow replay
 * keeps its upgrade step running.
 */
import {
  CLUSTER_ENDPOINTS,
  DEFAULT_CLUSTER_ID,
  MUTATION_HEADER,
  clusterPath,
} from '../contract/api-contract.ts';
import {
  MigrationListAnswerSchema,
  SubmitMigrationAnswerSchema,
  type SubmitMigrationBody,
} from '../contract/tracked-migration.ts';
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { DEMO_DATANODES } from './cluster.ts';
import { settings } from './config.ts';

const MIGRATIONS_URL = `${settings.base}${clusterPath(DEFAULT_CLUSTER_ID, CLUSTER_ENDPOINTS.migrations)}`;

async function answerOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.url}: ${String(response.status)} ${text}`);
  return JSON.parse(text);
}

/**
 * Migrates the first region of `tableId` to the next datanode, with `replayWorkMs` of replay
 * to do; the replay timeout leaves it room. Returns the server's record id.
 */
export async function startSlowMigration(
  control: ClusterControl,
  tableId: string,
  replayWorkMs: number,
): Promise<string> {
  await control.setReplay({ workMs: replayWorkMs });
  const region = (await control.table(Number(tableId))).regions[0];
  if (region?.leaderPeerId == null) throw new Error(`table ${tableId} has no led region`);
  const body = {
    request: {
      region_id: region.regionId,
      from_peer_id: String(region.leaderPeerId),
      to_peer_id: String((region.leaderPeerId + 1) % DEMO_DATANODES),
      replay_timeout: `${String(Math.ceil((2 * replayWorkMs) / 60_000))}m`,
    },
    idempotency_key: `bench-${String(Date.now())}`,
  } satisfies SubmitMigrationBody;
  const submitted = await fetch(MIGRATIONS_URL, {
    method: 'POST',
    // The production server's mutation guard: its public origin and the custom header, as the
    // dashboard sends them.
    headers: {
      'content-type': 'application/json',
      origin: settings.base,
      [MUTATION_HEADER.name]: MUTATION_HEADER.value,
    },
    body: JSON.stringify(body),
  });
  return SubmitMigrationAnswerSchema.parse(await answerOf(submitted)).migration.id;
}

/** Whether the server still follows the migration: a figure that needs it in flight checks. */
export async function isFollowed(migrationId: string): Promise<boolean> {
  const list = MigrationListAnswerSchema.parse(
    await answerOf(await fetch(`${MIGRATIONS_URL}?scope=recent`)),
  );
  return list.migrations.some((m) => m.id === migrationId && m.phase === 'following');
}
