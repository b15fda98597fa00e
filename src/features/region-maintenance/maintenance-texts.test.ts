import { describe, expect, it } from 'vitest';
import type { MaintenanceRequest } from '../../../contract/sql-contract';
import { maintenanceStatement } from '../../../contract/sql/statements';
import {
  checkWindowSeconds,
  maintenanceEffect,
  maintenanceResult,
  maintenanceTitle,
} from './maintenance-texts';

const ADMIN = { statementForm: 'ADMIN' } as const;

describe('confirmation texts', () => {
  it.each<[MaintenanceRequest, string, string]>([
    [
      { action: 'flush_region', region_id: '4398046511104' },
      'Flush region 4398046511104',
      'ADMIN flush_region(4398046511104)',
    ],
    [
      { action: 'compact_region', region_id: '18446744069414584320' },
      'Compact region 18446744069414584320',
      'ADMIN compact_region(18446744069414584320)',
    ],
    [
      { action: 'flush_table', schema: 'public', table: 'monitor' },
      'Flush table public.monitor',
      "ADMIN flush_table('public.monitor')",
    ],
    [
      { action: 'compact_table', schema: 'public', table: 'monitor' },
      'Compact table public.monitor',
      "ADMIN compact_table('public.monitor')",
    ],
    [
      {
        action: 'compact_table',
        schema: 'public',
        table: 'monitor',
        strict_window: true,
        window_secs: '3600',
      },
      'Compact table public.monitor (strict window, 3600 s)',
      "ADMIN compact_table('public.monitor', 'swcs', 'window=3600')",
    ],
  ])('%j is confirmed as "%s" running %s', (request, title, statement) => {
    expect(maintenanceTitle(request)).toBe(title);
    expect(maintenanceStatement(request, ADMIN)).toBe(statement);
  });

  it('says what strict-window compaction does with the window', () => {
    const request: MaintenanceRequest = {
      action: 'compact_table',
      schema: 'public',
      table: 'monitor',
      strict_window: true,
      window_secs: '600',
    };
    expect(maintenanceEffect(request)).toMatch(/each time window of 600 s ends up in one file/);
    expect(
      maintenanceEffect({ action: 'compact_table', schema: 'public', table: 'monitor' }),
    ).toMatch(/regular compaction/);
  });

  it('reports the affected rows of the answer', () => {
    expect(maintenanceResult({ action: 'flush_region', region_id: '42' }, 0)).toBe(
      'Flushed region 42: GreptimeDB reported 0 affected rows.',
    );
    expect(maintenanceResult({ action: 'compact_table', schema: 's', table: 't' }, 1)).toBe(
      'Compacted table s.t: GreptimeDB reported 1 affected row.',
    );
  });
});

describe('checkWindowSeconds', () => {
  it('accepts empty (GreptimeDB chooses) and whole seconds up to a day', () => {
    expect(checkWindowSeconds('')).toEqual({ ok: true, windowSecs: undefined });
    expect(checkWindowSeconds(' 3600 ')).toEqual({ ok: true, windowSecs: '3600' });
    expect(checkWindowSeconds('86400')).toEqual({ ok: true, windowSecs: '86400' });
  });

  it.each(['0', '1.5', '1h', '-5', '86401', '0x10', '1e3'])('refuses %j', (text) => {
    const check = checkWindowSeconds(text);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toMatch(/whole seconds, 1 to 86400/);
  });
});
