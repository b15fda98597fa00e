/**
 * greptime_private.events as the table MetaSrv's event recorder creates on its first insert:
 * the common columns, the procedure columns, then the region-migration columns, in the order of
 * the insert schema (v1.1.4 recorder.rs `build_row_inserts_request`, procedure event.rs,
 * region_migration_event.rs). `payload` is a JSON column; over HTTP it is shown as its JSON text
 * (derived).
 */
import type { SystemTable } from './context.ts';
import { formatHumantime } from './humantime.ts';

export const eventsTable: SystemTable = {
  columns: [
    { name: 'type', type: 'String' },
    { name: 'payload', type: 'Json' },
    { name: 'timestamp', type: 'TimestampNanosecond' },
    { name: 'procedure_id', type: 'String' },
    { name: 'procedure_state', type: 'String' },
    { name: 'procedure_error', type: 'String' },
    { name: 'region_id', type: 'UInt64' },
    { name: 'table_id', type: 'UInt32' },
    { name: 'region_number', type: 'UInt32' },
    { name: 'region_migration_trigger_reason', type: 'String' },
    { name: 'region_migration_src_node_id', type: 'UInt64' },
    { name: 'region_migration_src_peer_addr', type: 'String' },
    { name: 'region_migration_dst_node_id', type: 'UInt64' },
    { name: 'region_migration_dst_peer_addr', type: 'String' },
  ],
  rows(ctx) {
    return ctx.cluster.events
      .visible(ctx.cluster.clock.now())
      .map((e) => [
        'region_migration',
        JSON.stringify({ timeout: formatHumantime(e.timeoutMs) }),
        e.timestampNs,
        e.procedureId,
        e.state,
        e.error,
        e.regionId,
        e.regionId >> 32n,
        e.regionId & 0xffff_ffffn,
        e.triggerReason,
        BigInt(e.srcNodeId),
        e.srcPeerAddr,
        BigInt(e.dstNodeId),
        e.dstPeerAddr,
      ]);
  },
};
