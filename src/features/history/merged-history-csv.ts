/**
 * The merged history's CSV file, written in the browser: only the browser has the cluster's
 * events to merge (the server writes the journal's file itself, server/migrations).
 */
import Papa from 'papaparse';
import { CSV_WRITE_OPTIONS, mergedHistoryCsvTable } from '../../../contract/history-export';
import type { MergedHistoryRow } from '../../../contract/merged-history';

export function mergedHistoryCsv(rows: readonly MergedHistoryRow[]): string {
  return Papa.unparse(mergedHistoryCsvTable(rows), CSV_WRITE_OPTIONS);
}
