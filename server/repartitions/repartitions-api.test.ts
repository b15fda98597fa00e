/**
 * `/api/clusters/:id/repartitions` end to end over real HTTP: fetch -> createApiHandler (the
 * wiring that ships) -> a scripted fake frontend answering with the shared fixtures
 * (test-support/scripted-frontend.ts). Assertions are on the answers a browser gets, the event
 * stream it reads, and the statements that reached the frontend. Follow-up reads run on real
 * timers with a short interval; tests wait for the events, never for time.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyErrorBodySchema } from '../../contract/api-contract.ts';
import { PushEventSchema } from '../../contract/push-events.ts';
import type { PushEvent } from '../../contract/push-events.ts';
import {
  RepartitionListAnswerSchema,
  SubmitRepartitionAnswerSchema,
} from '../../contract/repartition/repartition-api.ts';
import type {
  SubmitRepartitionBody,
  TrackedRepartition,
} from '../../contract/repartition/repartition-api.ts';
import { memoryRecordJournal } from '../migrations/journal.ts';
import { createApiHandler } from '../proxy/api-handler.ts';
import { serveHandler, startFakeMetasrv } from '../proxy/test-support/fake-metasrv.ts';
import type { RunningProxy } from '../proxy/test-support/fake-metasrv.ts';
import { startFakeFrontend } from '../sql/test-support/fake-frontend.ts';
import type { FakeFrontend } from '../sql/test-support/fake-frontend.ts';
import { RepartitionTracker } from './repartition-tracker.ts';
import {
  MITO_TABLE,
  NOWAIT_PROCEDURE_ID,
  gcDisabledReply,
  scriptedCluster,
} from './test-support/scripted-frontend.ts';
import type { ScriptedCluster } from './test-support/scripted-frontend.ts';

const API = 'api/clusters/default';

const SPLIT: SubmitRepartitionBody = {
  table: MITO_TABLE,
  change: { kind: 'split', source: 'id < 10', targets: ['id < 5', 'id >= 5 AND id < 10'] },
  idempotency_key: 'split-0001',
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  proxy: RunningProxy;
  frontend: FakeFrontend;
  cluster: ScriptedCluster;
  tracker: RepartitionTracker;
}

async function setup(options: { version?: string; withFrontend?: boolean } = {}): Promise<Setup> {
  const cluster = scriptedCluster(options);
  const frontend = await startFakeFrontend();
  frontend.answer((sql) => cluster.answer(sql));
  const metasrv = await startFakeMetasrv();
  // No frontend: the detector asks MetaSrv whether it is a legacy (v0.6/v0.7) one.
  metasrv.reply('/admin/route/help', {
    status: options.withFrontend === false ? 200 : 404,
    body: '',
  });
  const tracker = new RepartitionTracker({
    journal: memoryRecordJournal<TrackedRepartition>(),
    pollIntervalMs: 5,
  });
  const agent = new http.Agent({ keepAlive: true });
  const handler = createApiHandler(
    { metasrvAddrs: [metasrv.addr], leaderMap: new Map(), timeoutMs: 2000 },
    {
      agent,
      repartitions: tracker,
      frontend: options.withFrontend === false ? null : { url: frontend.url, credentials: null },
    },
  );
  const proxy = await serveHandler(handler);
  cleanups.push(
    () => frontend.close(),
    () => metasrv.close(),
    () => {
      agent.destroy();
    },
    () => {
      tracker.close();
      handler.close();
    },
    () => proxy.close(),
  );
  return { proxy, frontend, cluster, tracker };
}

function post(proxy: RunningProxy, body: unknown): Promise<Response> {
  return fetch(`${proxy.origin}/${API}/repartitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function list(proxy: RunningProxy): Promise<TrackedRepartition[]> {
  const response = await fetch(`${proxy.origin}/${API}/repartitions`);
  expect(response.status).toBe(200);
  return RepartitionListAnswerSchema.parse(await response.json()).repartitions;
}

function alters(frontend: FakeFrontend): string[] {
  return frontend.requests.flatMap((r) =>
    r.sql?.startsWith('ALTER TABLE') === true ? [r.sql] : [],
  );
}

/** Reads the cluster's event stream until `until` holds for an event; returns all read. */
async function readEvents(
  proxy: RunningProxy,
  until: (event: PushEvent) => boolean,
  onOpen: () => Promise<void>,
): Promise<PushEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${proxy.origin}/${API}/events`, { signal: controller.signal });
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no event stream');
  const decoder = new TextDecoder();
  const events: PushEvent[] = [];
  let buffered = '';
  await onOpen();
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error('the event stream ended');
    if (!(chunk.value instanceof Uint8Array)) throw new Error('the event stream sent no bytes');
    buffered += decoder.decode(chunk.value, { stream: true });
    const frames = buffered.split('\n\n');
    buffered = frames.pop() ?? '';
    for (const frame of frames) {
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      if (data === undefined) continue;
      const event = PushEventSchema.parse(JSON.parse(data.slice('data: '.length)));
      events.push(event);
      if (until(event)) {
        controller.abort();
        return events;
      }
    }
  }
}

describe('where repartitioning exists', () => {
  it('refuses on a version without SPLIT / MERGE PARTITION, naming the version', async () => {
    const { proxy, frontend } = await setup({ version: '0.17.1' });
    const response = await post(proxy, SPLIT);
    expect(response.status).toBe(404);
    const { error } = ProxyErrorBodySchema.parse(await response.json());
    expect(error.message).toContain('GreptimeDB 0.17.1 cannot split or merge partitions');
    expect(alters(frontend)).toEqual([]);
  });

  it('refuses on a legacy cluster (MetaSrv API only)', async () => {
    const { proxy } = await setup({ withFrontend: false });
    const response = await post(proxy, SPLIT);
    expect(response.status).toBe(404);
    const { error } = ProxyErrorBodySchema.parse(await response.json());
    expect(error.message).toContain('legacy MetaSrv API');
  });
});

describe('submitting', () => {
  it('follows the procedure to Done and pushes each change to the event stream', async () => {
    const { proxy, frontend } = await setup();
    let answer: unknown;
    const events = await readEvents(
      proxy,
      (event) => event.kind === 'repartition-progress' && event.repartition.phase === 'finished',
      async () => {
        const response = await post(proxy, SPLIT);
        expect(response.status).toBe(200);
        answer = await response.json();
      },
    );
    const { repartition, isRepeat } = SubmitRepartitionAnswerSchema.parse(answer);
    expect(isRepeat).toBe(false);
    expect(repartition).toMatchObject({ phase: 'following', procedureId: NOWAIT_PROCEDURE_ID });
    const progress = events.flatMap((e) =>
      e.kind === 'repartition-progress' ? [e.repartition] : [],
    );
    expect(progress.map((r) => r.phase)).toEqual([
      'submitting',
      'following',
      'following',
      'finished',
    ]);
    expect(progress.at(-1)).toMatchObject({ id: repartition.id, outcome: { kind: 'done' } });
    expect(alters(frontend)).toEqual([repartition.statement]);
    expect((await list(proxy)).map((r) => r.outcome)).toEqual([{ kind: 'done' }]);
  });

  it('answers GreptimeDB’s refusal as a record carrying its status, code and text', async () => {
    const { proxy, cluster } = await setup();
    cluster.alter = gcDisabledReply();
    const response = await post(proxy, SPLIT);
    expect(response.status).toBe(200);
    const { repartition } = SubmitRepartitionAnswerSchema.parse(await response.json());
    expect(repartition.outcome).toMatchObject({ kind: 'refused', httpStatus: 400, code: 1004 });
    expect(repartition.outcome?.kind === 'refused' ? repartition.outcome.message : '').toMatch(
      /^Invalid arguments: Repartition requires metasrv GC to be enabled, code: InvalidArguments/,
    );
  });

  it('answers a change the check refuses with 400 and the issues, sends nothing, and lists it', async () => {
    const { proxy, frontend } = await setup();
    const gap = {
      ...SPLIT,
      change: { ...SPLIT.change, targets: ['id < 4', 'id >= 5 AND id < 10'] },
    };
    const response = await post(proxy, gap);
    expect(response.status).toBe(400);
    const { error } = ProxyErrorBodySchema.parse(await response.json());
    expect(error.code).toBe('bad-request');
    expect(error.issues).toEqual([
      expect.stringMatching(
        /^change(\.targets\.\d)?: no new expression covers .*GreptimeDB would say: Checkpoint/,
      ),
    ]);
    expect(alters(frontend)).toEqual([]);

    const second = await post(proxy, { ...SPLIT, idempotency_key: 'split-0002' });
    expect(second.status).toBe(200);
    const records = await list(proxy);
    expect(records.map((r) => r.idempotencyKey)).toEqual(['split-0002', 'split-0001']);
    expect(records[1]?.outcome).toMatchObject({ kind: 'not-submitted', code: 'plan-check' });
  });

  it('answers a repeated key with the first record and sends the statement once', async () => {
    const { proxy, frontend } = await setup();
    const first = SubmitRepartitionAnswerSchema.parse(await (await post(proxy, SPLIT)).json());
    const again = SubmitRepartitionAnswerSchema.parse(await (await post(proxy, SPLIT)).json());
    expect(again.isRepeat).toBe(true);
    expect(again.repartition.id).toBe(first.repartition.id);
    expect(alters(frontend)).toHaveLength(1);
  });

  it('refuses a body the contract does not accept before asking the cluster anything', async () => {
    const { proxy, frontend } = await setup();
    const response = await post(proxy, {
      ...SPLIT,
      change: { kind: 'split', source: 'id < 10', targets: ['id < 5'] },
    });
    expect(response.status).toBe(400);
    expect(frontend.requests).toEqual([]);
  });
});
