/**
 * MetaSrv's error Display texts (v0.7.2 src/meta-srv/src/error.rs, same wording in v0.6.0).
 * Every handler error becomes HTTP 500 with exactly this text, so the model throws
 * MetasrvError and the HTTP adapter only relays `message`.
 */
import { formatRegionIdDisplay } from '../../contract/region-id.ts';

export class MetasrvError extends Error {
  override readonly name = 'MetasrvError';
}

/** Display of a RegionId: `<u64>(<table_id>, <region_number>)`. */
export function regionDisplay(regionId: bigint): string {
  return formatRegionIdDisplay(regionId.toString());
}

/** Display of a Peer: `peer-<id>(<addr>)`. */
export function peerDisplay(peer: { id: number; addr: string }): string {
  return `peer-${peer.id}(${peer.addr})`;
}

export const errors = {
  missingParameter: (name: string) =>
    new MetasrvError(`Missing required parameter, param: ${JSON.stringify(name)}`),
  parseNumber: (detail: string) => new MetasrvError(`Failed to parse number: ${detail}`),
  parseBool: (detail: string) => new MetasrvError(`Failed to parse bool: ${detail}`),
  parseDuration: (raw: string) => new MetasrvError(`Failed to parse duration ${raw}`),
  tableRouteNotFound: (what: string) => new MetasrvError(`Failed to find table route for ${what}`),
  tableNotFound: (catalog: string, schema: string, table: string) =>
    new MetasrvError(`Table ${catalog}.${schema}.${table} not found`),
  tableInfoNotFound: (tableId: number) => new MetasrvError(`Table info not found: ${tableId}`),
  peerUnavailable: (peerId: bigint) =>
    new MetasrvError(`The target peer is unavailable temporally: ${peerId}`),
  migrationRunning: (regionId: bigint) =>
    new MetasrvError(
      `Another migration procedure is running for region: ${regionDisplay(regionId)}`,
    ),
  invalidArguments: (detail: string) => new MetasrvError(`Invalid arguments: ${detail}`),
  unexpected: (violated: string) => new MetasrvError(`Unexpected, violated: ${violated}`),
  noLeader: () => new MetasrvError('MetaSrv has no leader at this moment'),
  /** v0.15+: migrating a region already led by to_peer. */
  regionMigrated: (regionId: bigint, targetPeerId: bigint) =>
    new MetasrvError(
      `The region migration procedure is completed for region: ${regionDisplay(regionId)}, target_peer: ${targetPeerId}`,
    ),
  /** v0.14+: the region's leader is not from_peer. */
  leaderPeerChanged: (leader: number, fromPeerId: bigint, regionId: bigint) =>
    new MetasrvError(
      `Region's leader peer changed: Region's leader peer(${leader}) is not the \`from_peer\`(${fromPeerId}), region: ${regionDisplay(regionId)}`,
    ),
  procedureNotFound: (id: string) => new MetasrvError(`Procedure not found: ${id}`),
};

export const NOT_LEADER_VIOLATION =
  'Trying to submit a region migration procedure to non-leader meta server';
