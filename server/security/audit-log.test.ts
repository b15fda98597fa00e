import { describe, expect, it } from 'vitest';
import { TOO_DEEP_TO_LOG, createAuditLog } from './audit-log.ts';
import type { AuditEntry } from './audit-log.ts';

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

function entry(request: unknown): AuditEntry {
  return {
    from: '127.0.0.1',
    user: null,
    method: 'POST',
    path: '/api/clusters/default/maintenance-set',
    request,
    outcome: { status: 400, answeredBy: 'proxy', metasrv: null, answer: 'Invalid request.' },
  };
}

describe('audit log', () => {
  it('logs a request nested 100,000 deep as a marker instead of throwing', () => {
    const lines: string[] = [];
    const audit = createAuditLog((line) => lines.push(line));
    audit(entry({ enable: nestedArray(100_000) }));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      type: 'audit',
      request: TOO_DEEP_TO_LOG,
      outcome: { status: 400 },
    });
  });

  it('logs an ordinary request as it was received', () => {
    const lines: string[] = [];
    createAuditLog((line) => lines.push(line))(entry({ enable: true }));
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ request: { enable: true } });
  });
});
