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
    pattern: /^Another migration procedure is running for region: (\S+)/,
    explain: (match) => ({
      title: 'Another migration of this region is running',
      explanation: `The MetaSrv leader is already running a migration procedure for region ${match[1] ?? ''}. Wait until it ends (the grid shows the region's leader and status), then decide whether to migrate again.`,
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
    pattern: /^Unexpected, violated: Trying to execute region migration on the logical table/,
    explain: () => ({
      title: 'This region belongs to a logical table',
      explanation:
        'Logical tables (metric engine) have no regions of their own: their data lives in the regions of the physical table. Migrate the physical table’s region instead.',
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

export function explainMetasrvError(
  text: string,
  context: MetasrvErrorContext,
): MetasrvErrorExplanation {
  const trimmed = text.trim();
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
