import { Text } from '@mantine/core';
import type { Skew } from '../../domain/planner/skew';
import {
  canTakeRegions,
  formatWeight,
  weightOf,
  type DatanodeLoad,
  type Weighting,
} from './distribution-model';

interface DistributionPlotProps {
  datanodes: readonly DatanodeLoad[];
  weighting: Weighting;
  skew: Skew;
}

const HEIGHT = 160;
const BAR_GAP = 0.15;

/**
 * Regions (or bytes, or rows) per datanode as a bar chart, hand-made SVG: a 200-bar chart
 * needs no charting library, and this keeps the cluster page's chunk small. Each bar carries
 * a <title> (hover tooltip, read by screen readers); the dashed line is the mean.
 */
export function DistributionPlot({ datanodes, weighting, skew }: DistributionPlotProps) {
  const values = datanodes.map((d) => weightOf(d, weighting));
  const max = Math.max(1, ...values);
  const width = Math.max(datanodes.length, 1);
  const meanY = HEIGHT - (skew.mean / max) * HEIGHT;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label={`${weighting === 'count' ? 'Regions' : weighting === 'bytes' ? 'Bytes' : 'Rows'} per datanode; highest ${formatWeight(skew.max, weighting)}, mean ${formatWeight(Math.round(skew.mean), weighting)}`}
        style={{ display: 'block', background: 'var(--mantine-color-gray-0)' }}
      >
        {datanodes.map((d, i) => {
          const value = values[i] ?? 0;
          const h = (value / max) * HEIGHT;
          return (
            <rect
              key={d.peerId}
              data-datanode={d.peerId}
              x={i + BAR_GAP / 2}
              y={HEIGHT - h}
              width={1 - BAR_GAP}
              height={h}
              fill={
                !canTakeRegions(d)
                  ? 'var(--mantine-color-red-6)'
                  : value > skew.mean * 1.2
                    ? 'var(--mantine-color-orange-6)'
                    : 'var(--mantine-color-teal-6)'
              }
            >
              <title>{`datanode ${d.peerId} (${d.addr}): ${formatWeight(value, weighting)}`}</title>
            </rect>
          );
        })}
        <line
          x1={0}
          x2={width}
          y1={meanY}
          y2={meanY}
          stroke="var(--mantine-color-dark-3)"
          strokeDasharray="4 3"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <Text component="figcaption" size="xs" c="dimmed">
        One bar per datanode, in peer id order ({datanodes[0]?.peerId ?? '-'} to{' '}
        {datanodes.at(-1)?.peerId ?? '-'}); orange: over 1.2 × mean; red: no live lease; dashed:
        mean.
      </Text>
    </figure>
  );
}
