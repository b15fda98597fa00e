/**
 * The merged histories' CSV files (migrations, repartitions), written in the browser: only the
 * browser has the cluster's events to merge (the server writes the journal's file itself,
 * server/migrations).
 */
import Papa from 'papaparse';
import { CSV_WRITE_OPTIONS, mergedHistoryCsvTable } from '../../../contract/history-export';
import type { MergedHistoryRow } from '../../../contract/merged-history';
import {
  repartitionHistoryCsvTable,
  type RepartitionHistoryRow,
} from '../../../contract/repartition/repartition-history';

export function mergedHistoryCsv(rows: readonly MergedHistoryRow[]): string {
  return Papa.unparse(mergedHistoryCsvTable(rows), CSV_WRITE_OPTIONS);
}

/** The merged repartition history's CSV file (console records + GreptimeDB's events). */
export function repartitionHistoryCsv(rows: readonly RepartitionHistoryRow[]): string {
  return Papa.unparse(repartitionHistoryCsvTable(rows), CSV_WRITE_OPTIONS);
}
