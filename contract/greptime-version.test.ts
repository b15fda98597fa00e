import { describe, expect, it } from 'vitest';
import { parseGreptimeVersion, sqlFacts } from './greptime-version.ts';

function factsOf(text: string) {
  const version = parseGreptimeVersion(text);
  if (version === null) throw new Error(`not a version: ${text}`);
  return sqlFacts(version);
}

describe('sqlFacts', () => {
  it('states the remote-WAL precondition up to v0.9 only', () => {
    expect(factsOf('0.9.5').needsRemoteWalForMigration).toBe(true);
    expect(factsOf('0.10.0').needsRemoteWalForMigration).toBe(false);
    expect(factsOf('1.1.4').needsRemoteWalForMigration).toBe(false);
  });

  it('reads the timeout argument per version (API.md §3.2)', () => {
    expect(factsOf('0.9.3').timeoutArgument).toEqual({ meaning: 'replay', defaultSeconds: 10 });
    expect(factsOf('0.9.4').timeoutArgument).toEqual({ meaning: 'overall', defaultSeconds: 30 });
    expect(factsOf('0.14.0').timeoutArgument).toEqual({ meaning: 'overall', defaultSeconds: 300 });
  });

  it('compares versions as numbers: 0.9.10 is after 0.9.4', () => {
    expect(factsOf('0.9.10').statementForm).toBe('ADMIN');
    expect(factsOf('v0.9.2').statementForm).toBe('SELECT');
  });
});
