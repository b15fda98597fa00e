/**
 * Property-based fuzzing of the browser's API layer (fast-check). Strategy: the network is
 * replaced by a fetch stub answering with random statuses, random relay/proxy headers and
 * random or corrupted bodies (arbitrary text, arbitrary JSON, real MetaSrv fixtures with
 * bytes flipped or cut, proxy error bodies of the wrong shape). Every fetcher must then
 * either return a value or throw an ApiError with a readable message; any other exception
 * (TypeError, a zod error escaping, a RangeError from a number) fails the property.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import {
  fetchCatalogs,
  fetchMetasrvStatus,
  fetchNodeLeases,
  fetchTableRoute,
  submitRegionMigration,
} from './cluster-api';
import { fetchClusters, fetchSession, logIn } from './console-api';
import { fixtures } from './fixtures.test-support';

afterEach(() => {
  vi.unstubAllGlobals();
});

const FETCHERS: Record<string, () => Promise<unknown>> = {
  metasrv: () => fetchMetasrvStatus('default'),
  route: () => fetchTableRoute('default', { table_id: '1024' }),
  nodeLease: () => fetchNodeLeases('default'),
  migration: () =>
    submitRegionMigration('default', {
      region_id: '4398046511104',
      from_peer_id: '1',
      to_peer_id: '2',
      replay_timeout: '5m',
    }),
  catalogs: () => fetchCatalogs('default'),
  clusters: () => fetchClusters(),
  session: () => fetchSession(),
  login: () => logIn('tok-0123456789abcdef'),
};

const validBodies = Object.values(fixtures);

/** A real body with a few bytes replaced, or cut short, the way a broken proxy would. */
const corruptedFixture = fc
  .tuple(
    fc.constantFrom(...validBodies),
    fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 4 }),
    fc.option(fc.nat()),
  )
  .map(([body, edits, cut]) => {
    let text = body;
    for (const [at, replacement] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      text = `${text.slice(0, i)}${replacement}${text.slice(i + replacement.length)}`;
    }
    return cut === null ? text : text.slice(0, cut % (text.length + 1));
  });

const bigNumbers = fc
  .bigInt({ min: -(2n ** 70n), max: 2n ** 70n })
  .map((n) => `{"procedure_id":${n},"leader":${n}}`);

const body = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  corruptedFixture,
  fc.constantFrom(...validBodies),
  bigNumbers,
  fc
    .record({ error: fc.record({ code: fc.string(), message: fc.anything() }) })
    .map((value) =>
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    ),
);

// Statuses a Response can carry with a body (204/205/304 cannot).
const status = fc.oneof(
  fc.constantFrom(200, 400, 404, 405, 413, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 205 && s !== 304),
);

const headers = fc.record(
  {
    'x-console-origin': fc.constantFrom('proxy', 'other', ''),
    'x-metasrv-addr': fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    'x-metasrv-date': fc.oneof(
      fc.constant('Mon, 08 Apr 2024 08:35:43 GMT'),
      fc.constant('garbage'),
    ),
  },
  { requiredKeys: [] },
);

describe('the API gate under random answers', () => {
  for (const [name, call] of Object.entries(FETCHERS)) {
    it(`${name}: every answer is a value or an ApiError with a clear message`, async () => {
      await fc.assert(
        fc.asyncProperty(status, headers, body, async (s, h, b) => {
          vi.stubGlobal(
            'fetch',
            vi.fn(() => Promise.resolve(new Response(b, { status: s, headers: h }))),
          );
          try {
            await call();
          } catch (error) {
            expect(error).toBeInstanceOf(ApiError);
            if (error instanceof ApiError) {
              expect(error.message.length).toBeGreaterThan(10);
              expect(error.message).toContain('/api/');
            }
          }
        }),
        { numRuns: 600 },
      );
    });
  }

  it('a network failure or a body cut mid-stream is an ApiError too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(FETCHERS)),
        fc.boolean(),
        async (call, isCut) => {
          vi.stubGlobal(
            'fetch',
            vi.fn(() =>
              isCut
                ? Promise.resolve(
                    new Response(
                      new ReadableStream({
                        start(controller) {
                          controller.enqueue(new TextEncoder().encode('{"region'));
                          controller.error(new TypeError('terminated'));
                        },
                      }),
                    ),
                  )
                : Promise.reject(new TypeError('Failed to fetch')),
            ),
          );
          await expect(call()).rejects.toBeInstanceOf(ApiError);
        },
      ),
      { numRuns: 100 },
    );
  });
});
