/**
 * Run in a child process under a low `ulimit -n` (console-server.emfile.test.ts): the
 * production pipeline with a real journal in argv[3], in front of the MetaSrv in argv[2].
 * Prints `{port, origin}` once listening, and a line for every unhandled rejection.
 */
import { openFileJournal } from '../../migrations/journal.ts';
import { MigrationTracker } from '../../migrations/migration-tracker.ts';
import { startConsole } from './console-fixture.ts';

process.on('unhandledRejection', (reason) => {
  process.stdout.write(`${JSON.stringify({ unhandledRejection: String(reason) })}\n`);
});

const tracker = new MigrationTracker({ journal: openFileJournal(process.argv[3] ?? '') });
void startConsole({
  clusters: [{ id: 'default', metasrvAddrs: [process.argv[2] ?? ''], leaderMap: new Map() }],
  migrations: tracker,
}).then((running) => {
  process.stdout.write(`${JSON.stringify({ port: running.port, origin: running.origin })}\n`);
});
