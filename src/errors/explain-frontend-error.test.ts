import { describe, expect, it } from 'vitest';
import { explainFrontendError } from './explain-frontend-error';

describe('explainFrontendError', () => {
  it('says credentials are missing or wrong for auth failures', () => {
    for (const [status, code] of [
      [401, 7003],
      [401, 7002],
      [401, null],
    ] as const) {
      expect(explainFrontendError(status, code, 'x', 'migration').explanation).toMatch(
        /missing or wrong/,
      );
    }
  });

  it('explains a wrapped MetaSrv error by its inner text', () => {
    const message =
      'Failed to execute admin function migrate_region: Execution error: The target peer is unavailable temporally: 7, code: Unexpected, tonic code: Internal error';
    const explained = explainFrontendError(500, 1002, message, 'migration');
    expect(explained.title).not.toMatch(/HTTP 500/);
  });

  it('explains flush and compact failures found by the frontend', () => {
    expect(
      explainFrontendError(
        500,
        1002,
        'Failed to execute admin function flush_region: Execution error: Failed to do table mutation: Region not found: 4398046511199',
        'route',
      ).title,
    ).toBe('Region 4398046511199 was not found');
    expect(
      explainFrontendError(
        500,
        1002,
        'Failed to execute admin function compact_table: Execution error: Invalid function args: Unknown parameter: x',
        'route',
      ).title,
    ).toBe('GreptimeDB refused the arguments');
  });
});
