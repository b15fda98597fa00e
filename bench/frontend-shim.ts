/**
 * A GreptimeDB frontend for the hot figures: the emulated one, except for the console's
 * region_statistics statement (`regionStatisticsStatement`), which it answers itself.
 *
 * Why: the emulator joins tables by nested loops, so `region_statistics LEFT JOIN region_peers`
 * costs regions × replicas evaluations: ~10^8 at 10k regions (tens of seconds), ~10^10 at 100k
 * (never, in a bench), while a real frontend hash-joins it. The shim asks the emulated frontend
 * for the join's two sides, which it answers in a table scan each, `SELECT * FROM
 * region_statistics` (same WHERE, ORDER BY and LIMIT: at most one leader row per region, so the
 * LIMIT may go before the join) and the leaders' rows of region_peers, joins them by region id,
 * and writes the answer the emulator would give: its wire form, `leader_peer_id` first, then
 * region_statistics' columns, ids as lossless integers. Every other request is passed through
 * as it came.
 */
import http from 'node:http';
import { LosslessNumber, parse, stringify } from 'lossless-json';
import { z } from 'zod';
import { SQL_DB, regionStatisticsStatement } from '../contract/sql/statements.ts';

const SELECT_PREFIX = regionStatisticsStatement(undefined).split(' ORDER BY ')[0] ?? '';
const escaped = SELECT_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const JOINED = new RegExp(
  `^${escaped}(?: WHERE s\\.table_id = (\\d+))? ORDER BY s\\.region_id LIMIT (\\d+)$`,
);

const ColumnSchema = z.object({ name: z.string(), data_type: z.string() });
const RecordsAnswerSchema = z
  .object({
    output: z.tuple([
      z.object({
        records: z.object({
          schema: z.object({ column_schemas: z.array(ColumnSchema) }),
          rows: z.array(z.array(z.unknown())),
        }),
      }),
    ]),
  })
  .loose();
type RecordsAnswer = z.infer<typeof RecordsAnswerSchema>;

export interface FrontendShim {
  /** `http://127.0.0.1:port`: what the console server is given as FRONTEND_URL. */
  url: string;
  close: () => Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The header the emulated frontend needs to see again: auth, the form's type. */
function forwardedHeaders(request: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { connection: 'close' };
  for (const name of ['authorization', 'content-type']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

export async function startFrontendShim(frontendAddr: string, port: number): Promise<FrontendShim> {
  const upstream = `http://${frontendAddr}`;

  async function run(statement: string, headers: Record<string, string>): Promise<RecordsAnswer> {
    const answer = await fetch(`${upstream}/v1/sql?db=${encodeURIComponent(SQL_DB)}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sql: statement }).toString(),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${statement} -> ${String(answer.status)}: ${text}`);
    return RecordsAnswerSchema.parse(parse(text));
  }

  async function joined(
    tableId: string | undefined,
    limit: string,
    headers: Record<string, string>,
  ) {
    const where = tableId === undefined ? '' : ` WHERE table_id = ${tableId}`;
    const [statistics, peers] = await Promise.all([
      run(
        `SELECT * FROM information_schema.region_statistics${where} ORDER BY region_id LIMIT ${limit}`,
        headers,
      ),
      run(
        "SELECT region_id, peer_id FROM information_schema.region_peers WHERE is_leader = 'Yes'",
        headers,
      ),
    ]);
    const peerRecords = peers.output[0].records;
    const peerType =
      peerRecords.schema.column_schemas.find((c) => c.name === 'peer_id')?.data_type ?? 'UInt64';
    const leaders = new Map<string, unknown>();
    for (const [regionId, peerId] of peerRecords.rows) leaders.set(String(regionId), peerId);
    const records = statistics.output[0].records;
    const regionIdAt = records.schema.column_schemas.findIndex((c) => c.name === 'region_id');
    const rows = records.rows.map((row) => [leaders.get(String(row[regionIdAt])) ?? null, ...row]);
    return stringify({
      ...statistics,
      output: [
        {
          records: {
            schema: {
              column_schemas: [
                { name: 'leader_peer_id', data_type: peerType },
                ...records.schema.column_schemas,
              ],
            },
            rows,
            total_rows: new LosslessNumber(String(rows.length)),
          },
        },
      ],
    });
  }

  const server = http.createServer((request, response) => {
    void (async () => {
      try {
        const body = await readBody(request);
        const headers = forwardedHeaders(request);
        const statement =
          request.method === 'POST' ? new URLSearchParams(body.toString('utf8')).get('sql') : null;
        const match = statement === null ? null : JOINED.exec(statement.trim());
        if (match !== null) {
          const text = await joined(match[1], match[2] ?? '0', headers);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(text);
          return;
        }
        const answer = await fetch(`${upstream}${request.url ?? '/'}`, {
          method: request.method ?? 'GET',
          headers,
          ...(request.method === 'GET' || request.method === 'HEAD'
            ? {}
            : { body: new Uint8Array(body) }),
        });
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
        });
        response.end(Buffer.from(await answer.arrayBuffer()));
      } catch (error) {
        console.error(`  frontend shim: ${String(error)}`);
        if (response.headersSent) {
          response.destroy();
          return;
        }
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`frontend shim: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
