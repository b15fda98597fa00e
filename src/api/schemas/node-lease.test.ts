import { describe, expect, test } from 'vitest';
import { fixtures } from '../fixtures.test-support';
import { parseLosslessJson } from '../../../contract/lossless-json';
import { NodeLeasesAnswerSchema } from './node-lease';

const DATE = 'Mon, 08 Apr 2024 08:35:43 GMT';
const answer = (bodyText: string, date: string | null = DATE) => ({
  body: parseLosslessJson(bodyText),
  headers: { 'x-metasrv-addr': '10.244.1.17:3002', 'x-metasrv-date': date },
});

describe('NodeLeasesAnswerSchema', () => {
  test('v0.7 leases, sorted by peer id, with MetaSrv clock from the Date header', () => {
    const leases = NodeLeasesAnswerSchema.parse(answer(fixtures.nodeLeaseV07));
    expect(leases.metasrvNowMs).toBe(Date.UTC(2024, 3, 8, 8, 35, 43));
    expect(leases.leases).toEqual([
      {
        peerId: '0',
        addr: 'greptimedb-datanode-0.greptimedb-datanode.my-greptimedb:4001',
        timestampMs: 1712565340871,
        humanTime: '2024-04-08 08:35:40.871+0000',
      },
      {
        peerId: '1',
        addr: 'greptimedb-datanode-1.greptimedb-datanode.my-greptimedb:4001',
        timestampMs: 1712565342004,
        humanTime: '2024-04-08 08:35:42.004+0000',
      },
      {
        peerId: '2',
        addr: 'greptimedb-datanode-2.greptimedb-datanode.my-greptimedb:4001',
        timestampMs: 1712565341123,
        humanTime: '2024-04-08 08:35:41.123+0000',
      },
    ]);
  });

  test('v0.6 leases (no fraction in human_time)', () => {
    const leases = NodeLeasesAnswerSchema.parse(answer(fixtures.nodeLeaseV060));
    expect(leases.leases).toEqual([
      {
        peerId: '2',
        addr: 'greptimedb-datanode-2.greptimedb-datanode.my-greptimedb:4001',
        timestampMs: 1705050731000,
        humanTime: '2024-01-12 09:12:11+0000',
      },
    ]);
  });

  test('v1.x leases without cluster_id', () => {
    const leases = NodeLeasesAnswerSchema.parse(answer(fixtures.nodeLeaseV114));
    expect(leases.leases.map((l) => [l.peerId, l.timestampMs])).toEqual([
      ['0', 1784879999102],
      ['2', 1784880000456],
    ]);
  });

  test('peer ids sort numerically, beyond 2^53 too', () => {
    const lease = (id: string) =>
      `{"name":{"cluster_id":0,"node_id":${id}},"human_time":"t","lease":{"timestamp_millis":1,"node_addr":"dn"}}`;
    const body = `[${['10', '18446744073709551615', '9', '9007199254740993'].map(lease).join(',')}]`;
    expect(NodeLeasesAnswerSchema.parse(answer(body)).leases.map((l) => l.peerId)).toEqual([
      '9',
      '10',
      '9007199254740993',
      '18446744073709551615',
    ]);
  });

  test('without the Date header there is no MetaSrv clock: refused', () => {
    const result = NodeLeasesAnswerSchema.safeParse(answer(fixtures.nodeLeaseV07, null));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['headers', 'x-metasrv-date']);
  });

  test('an unreadable Date header is refused', () => {
    expect(
      NodeLeasesAnswerSchema.safeParse(answer(fixtures.nodeLeaseV07, 'yesterday')).success,
    ).toBe(false);
  });
});
