/**
 * information_schema.procedure_info (v0.9.4+): the procedures the MetaSrv leader's manager
 * knows (forgotten after the TTL or a leader change, like procedure_state): migrations,
 * repartitions and their groups, each with its lock keys comma-joined.
 */
import type { SystemTable } from '../context.ts';

export const procedureInfo: SystemTable = {
  columns: [
    { name: 'procedure_id', type: 'String' },
    { name: 'procedure_type', type: 'String' },
    { name: 'start_time', type: 'TimestampMillisecond' },
    { name: 'end_time', type: 'TimestampMillisecond' },
    { name: 'status', type: 'String' },
    { name: 'lock_keys', type: 'String' },
  ],
  rows(ctx) {
    return ctx.cluster
      .knownProcedures()
      .map((p) => [
        p.procedureId,
        p.procedureType,
        BigInt(p.startedAtMs),
        p.finishedAtMs === null ? null : BigInt(p.finishedAtMs),
        p.status,
        p.lockKeys.join(','),
      ]);
  },
};
