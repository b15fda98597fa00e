/**
 * information_schema.flow_statistics (v1.2 only, table id 45; flow_statistics.rs@v1.2.0-beta.2):
 * one row per flow. The emulator models no flows, so the table is empty.
 */
import type { SystemTable } from '../context.ts';

export const flowStatistics: SystemTable = {
  columns: [
    { name: 'flow_id', type: 'UInt32' },
    { name: 'flow_name', type: 'String' },
    { name: 'start_time', type: 'TimestampMillisecond' },
    { name: 'last_execution_time', type: 'TimestampMillisecond' },
    { name: 'uptime_seconds', type: 'Int64' },
    { name: 'state_size', type: 'UInt64' },
  ],
  rows: () => [],
};
