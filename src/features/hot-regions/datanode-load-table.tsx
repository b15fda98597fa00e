import { Badge } from '@mantine/core';
import type { LoadRate } from '../../../contract/hot-regions';
import { formatCount } from '../../components/format-count';
import { describeLiveness } from '../../domain/datanode-liveness';
import {
  RATE_TITLES,
  formatRate,
  type DatanodeLoadRow,
  type MoveSuggestion,
} from './hot-regions-model';
import { barStyle } from './bar-style';
import classes from './hot-regions.module.css';

interface DatanodeLoadTableProps {
  rows: readonly DatanodeLoadRow[];
  rates: readonly LoadRate[];
  /** The rate the page ranks by: its column is the one drawn as bars. */
  sortBy: LoadRate;
  /** Where a hot region of another datanode would go. */
  suggestion: MoveSuggestion | null;
}

/**
 * Each datanode's load summed over the regions it leads, one column per reported rate, the
 * ranking rate drawn as bars against the busiest datanode. The table is the chart: every bar
 * has its figure in words beside it.
 */
export function DatanodeLoadTable({ rows, rates, sortBy, suggestion }: DatanodeLoadTableProps) {
  const max = Math.max(0, ...rows.map((row) => row.load?.totals[sortBy] ?? 0));
  return (
    <div className={classes.scroller}>
      <table className={classes.table} aria-label="Load per datanode">
        <thead>
          <tr>
            <th>Datanode</th>
            <th>Lease</th>
            <th data-numeric>Leader regions</th>
            {rates.map((rate) => (
              <th key={rate} data-numeric data-sorted={rate === sortBy || undefined}>
                {RATE_TITLES[rate]}
              </th>
            ))}
            <th
              data-numeric
              title="Regions whose rate is not known this interval (just opened or moved)."
            >
              Without a rate
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const isSuggested = suggestion?.peerId === row.peerId;
            return (
              <tr key={row.peerId} data-testid="datanode-load-row" data-datanode={row.peerId}>
                <td>
                  {row.peerId}
                  {isSuggested && (
                    <Badge variant="light" color="teal" size="sm" tt="none" ml={6}>
                      suggested target
                    </Badge>
                  )}
                </td>
                <td className={row.liveness?.kind === 'alive' ? undefined : classes.dimmed}>
                  {row.liveness === null ? 'unknown' : describeLiveness(row.liveness)}
                </td>
                <td data-numeric>{formatCount(row.load?.regionCount ?? 0)}</td>
                {rates.map((rate) => {
                  const value = row.load === null ? 0 : row.load.totals[rate];
                  if (value === null) {
                    return (
                      <td key={rate} data-numeric className={classes.dimmed}>
                        not known
                      </td>
                    );
                  }
                  return (
                    <td key={rate} data-numeric>
                      {rate === sortBy ? (
                        <span
                          className={classes.bar}
                          data-suggested={isSuggested || undefined}
                          style={barStyle(max > 0 ? value / max : 0)}
                        >
                          <span>{formatRate(rate, value)}</span>
                        </span>
                      ) : (
                        formatRate(rate, value)
                      )}
                    </td>
                  );
                })}
                <td data-numeric>{formatCount(row.load?.regionsWithoutRate ?? 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
