import { describe, expect, it } from 'vitest';
import { explainMetasrvError } from './explain-metasrv-error';

// Texts exactly as API.md §1.1/§1.6 and fixtures/legacy-admin-errors.json give them.
describe('explainMetasrvError', () => {
  it.each([
    [
      'Unexpected, violated: Trying to submit a region migration procedure to non-leader meta server',
      /not the leader/,
    ],
    ['The target peer is unavailable temporally: 3', /Datanode 3 is unavailable/],
    [
      'Another migration procedure is running for region: 4398046511104(1024, 0)',
      /Another migration/,
    ],
    ["Invalid arguments: The `from_peer_id` can't equal `to_peer_id`", /same datanode/],
    ['Invalid arguments: Invalid region migration `from_peer` argument', /leader has changed/],
    [
      'Unexpected, violated: Trying to execute region migration on the logical table, task cluster: 0, region: 4402341478400(1025, 0), from_peer: peer-0(127.0.0.1:4100), to_peer: peer-1(127.0.0.1:4101)',
      /logical table/,
    ],
    ['Unexpected, violated: Region route leader peer is not found', /no leader/],
    [
      'Failed to find table route for 4398046511199(1024, 95)',
      /Region 95 is not in the route of table 1024/,
    ],
    ['Failed to find table route for 9999', /Table 9999 was not found/],
    ['Table info not found: 1024', /no table info/],
    ['Failed to parse duration 1.5s', /replay timeout/],
    ['Failed to parse number: invalid region_id: x', /parameters/],
    ['Table metadata manager error', /metadata store/],
    ['MetaSrv has no leader at this moment', /no leader right now/],
  ])('explains %j', (text, title) => {
    expect(explainMetasrvError(text, 'migration').title).toMatch(title);
  });

  it('explains an unknown table differently when reading a route', () => {
    expect(explainMetasrvError('Failed to find table route for 9999', 'route').explanation).toMatch(
      /no table with this id exists/,
    );
  });

  it('admits when it does not recognise a message', () => {
    const result = explainMetasrvError('Something new', 'migration');
    expect(result.title).toBe('MetaSrv refused the migration');
    expect(result.explanation).toMatch(/does not recognise/);
  });
});

// v0.14+ and v0.15+ MetaSrv texts as API.md §3.2 gives them (the SQL path unwraps them).
describe('explainMetasrvError on modern submission checks', () => {
  it('explains a target that already holds a follower', () => {
    expect(
      explainMetasrvError(
        'Invalid arguments: The `to_peer`(2) is already has a region follower, region: 4398046511105(1024, 1)',
        'migration',
      ).title,
    ).toBe('Datanode 2 already holds a follower of this region');
  });

  it('explains a leader that moved away from the source', () => {
    const explained = explainMetasrvError(
      "Region's leader peer changed: Region's leader peer(2) is not the `from_peer`(1), region: 4398046511105(1024, 1)",
      'migration',
    );
    expect(explained.title).toBe('The region’s leader has changed');
    expect(explained.explanation).toMatch(/now led by datanode 2, not by datanode 1/);
  });

  it('explains a region already on the target', () => {
    expect(
      explainMetasrvError(
        'The region migration procedure is completed for region: 4398046511105(1024, 1), target_peer: 2',
        'migration',
      ).title,
    ).toBe('The region is already on datanode 2');
  });

  it('keeps the general sentence for a logical refusal without a region', () => {
    expect(
      explainMetasrvError(
        'Unexpected, violated: Trying to execute region migration on the logical table',
        'migration',
      ).explanation,
    ).toMatch(/Migrate the physical table’s region instead/);
  });
});

describe('explainMetasrvError on a MetaSrv text wrapped by the frontend', () => {
  it('explains the inner text (what the migration tracker records on the SQL path)', () => {
    const explained = explainMetasrvError(
      'Failed to execute admin function migrate_region: Execution error: The target peer is unavailable temporally: 7, code: Unexpected, tonic code: Internal error',
      'migration',
    );
    expect(explained.title).toBe('Datanode 7 is unavailable');
  });

  it('still admits an unknown inner text', () => {
    expect(
      explainMetasrvError(
        'Failed to execute admin function migrate_region: Execution error: Something new, code: Unexpected, tonic code: Internal error',
        'migration',
      ).title,
    ).toBe('MetaSrv refused the migration');
  });
});
