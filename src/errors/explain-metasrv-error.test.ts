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
