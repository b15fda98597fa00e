/**
 * Plain-language explanations of MetaSrv's error texts (API.md §1.1, §1.6). Legacy MetaSrv
 * answers every error with HTTP 500 and one sentence, so the sentence's prefix is all there
 * is to classify by. The UI always shows MetaSrv's exact text next to the explanation.
 */

export type MetasrvErrorContext = 'route' | 'migration';

export interface MetasrvErrorExplanation {
  /** Short heading for the alert. */
  title: string;
  /** What it means and what to do, in plain words. */
  explanation: string;
  /** The same request can never succeed (so no retry is offered). */
  isRetryFutile?: true;
}

interface Rule {
  pattern: RegExp;
  explain: (match: RegExpMatchArray, context: MetasrvErrorContext) => MetasrvErrorExplanation;
}

const CONSOLE_BUG =
  'The console checks this before sending, so this is a console bug: please report it with the text above.';

const RULES: Rule[] = [
  {
    pattern:
      /^Unexpected, violated: Trying to submit a region migration procedure to non-leader meta server/,
    explain: () => ({
      title: 'The MetaSrv that got the request is not the leader',
      explanation:
        'Only the MetaSrv leader accepts migrations. The leader probably changed just now; the header shows the current one. Try again in a moment.',
    }),
  },
  {
    pattern: /^The target peer is unavailable temporally: (\d+)/,
    explain: (match) => ({
      title: `Datanode ${match[1] ?? '?'} is unavailable`,
      explanation: `MetaSrv has no live lease for datanode ${match[1] ?? '?'}: it has not sent a heartbeat in the last 10 s. MetaSrv checks the source datanode first, then the target. Right after a MetaSrv leader change, leases take a few seconds to come back; otherwise check that the datanode is running.`,
    }),
  },
  {
    pattern: /^Another migration procedure is running for region: (\d+)/,
    explain: (match) => ({
      title: 'Another migration of this region is running',
      explanation: `The MetaSrv leader is already running a migration procedure for region ${match[1] ?? ''}. Wait until it ends (the grid shows the region's leader and status), then decide whether to migrate again.`,
    }),
  },
  {
    pattern:
      /^Invalid arguments: The `to_peer`\((\d+)\) is already has a region follower, region: (\d+)/,
    explain: (match) => ({
      title: `Datanode ${match[1] ?? '?'} already holds a follower of this region`,
      explanation: `MetaSrv (v0.14+) does not move a leader onto a datanode that already has a follower replica of region ${match[2] ?? ''}. Pick another target datanode.`,
    }),
  },
  {
    pattern:
      /^Region's leader peer changed: Region's leader peer\((\d+)\) is not the `from_peer`\((\d+)\), region: (\d+)/,
    explain: (match) => ({
      title: 'The region’s leader has changed',
      explanation: `Region ${match[3] ?? ''} is now led by datanode ${match[1] ?? '?'}, not by datanode ${match[2] ?? '?'} that the console named as the source: another migration or a failover moved it after the grid was loaded. The grid is being re-read; check the leader and try again.`,
    }),
  },
  {
    pattern:
      /^The region migration procedure is completed for region: (\d+)\(\d+, \d+\), target_peer: (\d+)/,
    explain: (match) => ({
      title: `The region is already on datanode ${match[2] ?? '?'}`,
      explanation: `Region ${match[1] ?? ''} is already led by datanode ${match[2] ?? '?'}, so MetaSrv (v0.15+) refuses to migrate it there again. Nothing needs doing.`,
    }),
  },
  {
    pattern: /^Procedure not found: (\S+)/,
    explain: (match) => ({
      title: 'MetaSrv no longer knows this procedure',
      explanation: `The MetaSrv leader has no procedure ${match[1] ?? ''}: it forgets finished procedures after a while, and a new leader knows only the procedures it recovered. Check the region’s leader in the grid to see where the region ended up.`,
    }),
  },
  {
    pattern: /^Failed to parse procedure id: /,
    explain: () => ({
      title: 'MetaSrv could not read the procedure id',
      explanation: `MetaSrv parses procedure ids as UUIDs, and this one is not. ${CONSOLE_BUG}`,
    }),
  },
  {
    pattern: /^Invalid arguments: The `from_peer_id` can't equal `to_peer_id`/,
    explain: () => ({
      title: 'Source and target are the same datanode',
      explanation: 'Pick a target datanode other than the region’s current leader.',
    }),
  },
  {
    pattern: /^Invalid arguments: Invalid region migration `from_peer` argument/,
    explain: () => ({
      title: 'The region’s leader has changed',
      explanation:
        'The region is no longer led by the datanode the console named as the source: the route changed after the grid was loaded (another migration, or a failover). The grid is being re-read; check the region’s leader and try again.',
    }),
  },
  {
    pattern:
      /^Unexpected, violated: Trying to execute region migration on the logical table(?:, task (?:cluster: \d+, )?region: (\d+)\((\d+), (\d+)\))?/,
    explain: (match) => ({
      title: 'This region belongs to a logical table',
      isRetryFutile: true,
      explanation:
        match[1] === undefined
          ? 'Logical tables (metric engine) have no regions of their own: their data lives in the regions of the physical table. Migrate the physical table’s region instead.'
          : `Region ${match[1]} is how GreptimeDB lists region number ${match[3] ?? '?'} of a physical table under logical table ${match[2] ?? '?'} (metric engine). It is not a region MetaSrv can move: the data lives in the physical table’s region number ${match[3] ?? '?'}. Migrate that region instead; every logical table on it moves with it.`,
    }),
  },
  {
    pattern: /^Unexpected, violated: Region route leader peer is not found/,
    explain: () => ({
      title: 'The region has no leader',
      explanation:
        'The table route lists no leader peer for this region, so MetaSrv cannot tell where to move it from. MetaSrv’s leader logs may say why.',
    }),
  },
  {
    pattern: /^Failed to find table route for (\d+)\((\d+), (\d+)\)/,
    explain: (match) => ({
      title: `Region ${match[3] ?? '?'} is not in the route of table ${match[2] ?? '?'}`,
      explanation:
        'The table exists, but its route has no such region any more (the table may have been re-partitioned or re-created). The grid is being re-read.',
    }),
  },
  {
    pattern: /^Failed to find table route for (\d+)$/,
    explain: (match, context) => ({
      title: `Table ${match[1] ?? '?'} was not found`,
      explanation:
        context === 'route'
          ? `MetaSrv has no table route for table id ${match[1] ?? '?'}: no table with this id exists in the cluster, or it has been dropped. Check the id (user tables usually start at 1024).`
          : `MetaSrv has no table route for table ${match[1] ?? '?'}: the table was probably dropped after the grid was loaded.`,
    }),
  },
  {
    pattern: /^Table info not found: (\d+)/,
    explain: (match) => ({
      title: `MetaSrv has no table info for table ${match[1] ?? '?'}`,
      explanation:
        'The table has a route but no table info, which happens while a table is being dropped or when metadata is inconsistent. MetaSrv’s leader logs may say more.',
    }),
  },
  {
    pattern: /^Table (.+) not found$/,
    explain: (match) => ({
      title: `Table ${match[1] ?? ''} was not found`,
      explanation: 'No table with this catalog, schema and name exists.',
    }),
  },
  {
    pattern: /^Failed to parse duration /,
    explain: () => ({
      title: 'MetaSrv rejected the replay timeout',
      explanation: `MetaSrv's duration parser did not accept the replay timeout. ${CONSOLE_BUG}`,
    }),
  },
  {
    pattern: /^(Failed to parse number|Missing required parameter|Invalid arguments)/,
    explain: () => ({
      title: 'MetaSrv rejected the request’s parameters',
      explanation: CONSOLE_BUG,
    }),
  },
  {
    pattern: /^MetaSrv has no leader at this moment/,
    explain: () => ({
      title: 'MetaSrv has no leader right now',
      explanation: 'An election is under way or etcd is unavailable. Try again in a few seconds.',
    }),
  },
  {
    pattern: /^(Failed to execute via Etcd|Keyvalue backend error|Table metadata manager error)/,
    explain: () => ({
      title: 'MetaSrv could not read its metadata store',
      explanation:
        'MetaSrv failed to read from its key-value store (etcd). HTTP shows only this sentence; MetaSrv’s logs have the cause. Try again; if it persists, check etcd.',
    }),
  },
];

/**
 * On the SQL path MetaSrv's text arrives wrapped by the frontend (API.md §3.2):
 * `Failed to execute admin function <fn>: Execution error: <MetaSrv text>, code: <name>, tonic
 * code: <description>`. The MetaSrv text inside is what the rules know.
 */
export function unwrapAdminFunctionError(text: string): string {
  return (
    /^Failed to execute admin function \w+: Execution error: (.*?)(?:, code: \w+, tonic code: .*)?$/.exec(
      text,
    )?.[1] ?? text
  );
}

export function explainMetasrvError(
  text: string,
  context: MetasrvErrorContext,
): MetasrvErrorExplanation {
  const trimmed = unwrapAdminFunctionError(text.trim());
  for (const rule of RULES) {
    const match = trimmed.match(rule.pattern);
    if (match !== null) return rule.explain(match, context);
  }
  return {
    title:
      context === 'migration' ? 'MetaSrv refused the migration' : 'MetaSrv refused the request',
    explanation:
      trimmed === ''
        ? 'MetaSrv answered with an error and an empty body. Its logs may say more.'
        : 'The console does not recognise this message. MetaSrv gives no more detail over HTTP; its logs may say more.',
  };
}
