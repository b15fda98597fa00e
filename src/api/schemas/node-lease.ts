/**
 * `/admin/node-lease` answers (API.md §1.7) plus the relayed `x-metasrv-date` header ->
 * NodeLeases. MetaSrv returns expired leases too, so liveness is decided later against
 * MetaSrv's own clock (domain/lease.ts), which is why the Date header travels with them.
 * Shapes: v0.6/v0.7 name = {cluster_id, node_id}; v1.x drops cluster_id (and adds
 * lease.workloads, ignored here).
 */
import { z } from 'zod';
import type { DatanodeLease, NodeLeases } from '../../domain/cluster-types';
import { RELAY_HEADERS } from '../../../contract/api-contract';
import { RawEpochMsSchema, RawU64Schema } from './wire-numbers';

export const RawNodeLeaseSchema = z
  .object({
    name: z.object({ cluster_id: RawU64Schema.optional(), node_id: RawU64Schema }),
    human_time: z.string(),
    lease: z.object({ timestamp_millis: RawEpochMsSchema, node_addr: z.string() }),
  })
  .transform((l): DatanodeLease => ({
    peerId: l.name.node_id,
    addr: l.lease.node_addr,
    timestampMs: l.lease.timestamp_millis,
    humanTime: l.human_time,
  }));

function comparePeerIds(a: DatanodeLease, b: DatanodeLease): number {
  const [x, y] = [BigInt(a.peerId), BigInt(b.peerId)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** MetaSrv iterates a HashMap, so the order is random; sort by peer id for stable display. */
export const RawNodeLeaseListSchema = z
  .array(RawNodeLeaseSchema)
  .transform((leases) => [...leases].sort(comparePeerIds));

/** An HTTP date (`Tue, 09 Apr 2024 08:35:43 GMT`) -> epoch ms. Second resolution only. */
export const HttpDateSchema = z
  .string({ error: "missing: the server must relay MetaSrv's Date header" })
  .transform((text, ctx) => {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `not an HTTP date: ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return ms;
  });

/** Input is the gate's GateAnswer: body and relayed headers. */
export const NodeLeasesAnswerSchema = z
  .object({
    body: RawNodeLeaseListSchema,
    headers: z.object({ [RELAY_HEADERS.metasrvDate]: HttpDateSchema }),
  })
  .transform((a): NodeLeases => ({
    leases: a.body,
    metasrvNowMs: a.headers[RELAY_HEADERS.metasrvDate],
  }));
