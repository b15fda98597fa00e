/**
 * What the console says about a flush or compaction before and after it runs: the button and
 * confirmation texts name exactly what will run (STYLE.md: destructive buttons say what they
 * do), and the window field is checked before any request can be sent.
 */
import { TimeoutSecondsSchema, type MaintenanceRequest } from '../../../contract/sql-contract';

/** `public.monitor`: how the confirmation names a table. */
function tableName(request: { schema: string; table: string }): string {
  return `${request.schema}.${request.table}`;
}

/** The confirm button's text, e.g. "Flush region 4398046511104". */
export function maintenanceTitle(request: MaintenanceRequest): string {
  switch (request.action) {
    case 'flush_region':
      return `Flush region ${request.region_id}`;
    case 'compact_region':
      return `Compact region ${request.region_id}`;
    case 'flush_table':
      return `Flush table ${tableName(request)}`;
    case 'compact_table':
      return request.strict_window === true
        ? `Compact table ${tableName(request)} (strict window${
            request.window_secs === undefined ? '' : `, ${request.window_secs} s`
          })`
        : `Compact table ${tableName(request)}`;
  }
}

/** What the statement does to the data, in plain words. */
export function maintenanceEffect(request: MaintenanceRequest): string {
  switch (request.action) {
    case 'flush_region':
      return 'Writes the region’s memtable to a new SST file on its datanode’s storage. Reads and writes continue while it runs.';
    case 'compact_region':
      return 'Merges the region’s SST files (regular compaction). Reads and writes continue; the datanode does extra I/O while it runs.';
    case 'flush_table':
      return 'Writes the memtable of every region of the table to new SST files. Reads and writes continue while it runs.';
    case 'compact_table':
      return request.strict_window === true
        ? `Merges the SST files of every region of the table so that each time window ${
            request.window_secs === undefined
              ? '(chosen by GreptimeDB)'
              : `of ${request.window_secs} s`
          } ends up in one file (strict-window compaction). The datanodes do extra I/O while it runs.`
        : 'Merges the SST files of every region of the table (regular compaction). The datanodes do extra I/O while it runs.';
  }
}

/** The answer, as the user reads it after the statement returned. */
export function maintenanceResult(request: MaintenanceRequest, affectedRows: number): string {
  const rows = `${affectedRows} affected ${affectedRows === 1 ? 'row' : 'rows'}`;
  const done = maintenanceTitle(request).replace(/^(Flush|Compact)/, (verb) =>
    verb === 'Flush' ? 'Flushed' : 'Compacted',
  );
  return `${done}: GreptimeDB reported ${rows}.`;
}

export type WindowCheck =
  { ok: true; windowSecs: string | undefined } | { ok: false; message: string };

/** The strict-window field: empty lets GreptimeDB choose; otherwise whole seconds. */
export function checkWindowSeconds(text: string): WindowCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, windowSecs: undefined };
  return TimeoutSecondsSchema.safeParse(trimmed).success
    ? { ok: true, windowSecs: trimmed }
    : {
        ok: false,
        message:
          'Enter whole seconds, 1 to 86400 (e.g. 3600), or leave it empty to let GreptimeDB choose.',
      };
}
