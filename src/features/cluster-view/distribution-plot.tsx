/**
 * Regions (or bytes, or rows) per datanode as a bar chart, in hand-written SVG drawn at the
 * container's measured width, so its text (datanode labels, values, ticks) keeps its size.
 *
 * Why not Mantine Charts (`@mantine/charts`, not installed): it draws with recharts, which
 * weighs about 138 KB gzip for one bar chart (measured on a scratch project,
 * /work/shared/TOOLCHAIN.md; ~100 KB gzip is the figure usually quoted for recharts). The whole
 * lazy cluster-view chunk, which carries this chart, the heatmap, the 100k-region grid and the
 * planner, is 25.8 KB gzip (76.8 KB raw) in `npm run build` of 2026-12-07; this chart, the
 * heatmap's labels and legend and both tables added 2.9 KB gzip to it (22.5 → 25.4 KB).
 * recharts would make that chunk about six times larger to draw 4 to 200 rectangles, and
 * renders a component tree per bar and tick where this renders three SVG elements per bar.
 * The cluster view's paint time is measured by the bench (README, "Benchmarks"), not here.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Group, ScrollArea, Table, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { describeLiveness } from '../../domain/datanode-liveness';
import type { Skew } from '../../domain/planner/skew';
import { WEIGHTING_LABELS } from '../../preferences/weighting';
import {
  axisTicks,
  canTakeRegions,
  formatWeight,
  formatWeightWithUnit,
  labelEvery,
  weightOf,
  type DatanodeLoad,
  type DistributionWeighting,
} from './distribution-model';
import classes from './distribution-plot.module.css';

interface DistributionPlotProps {
  datanodes: readonly DatanodeLoad[];
  weighting: DistributionWeighting;
  skew: Skew;
}

const HEIGHT = 240;
const MARGIN = { top: 22, right: 12, bottom: 46 };
/** Room left of the tick labels for the rotated axis title. */
const AXIS_TITLE_WIDTH = 18;
/** Width of one character of the 11 px labels, rounded up so estimates never undershoot. */
const CHAR_PX = 7;
const LABEL_GAP_PX = 8;
/** Bars of a few datanodes stay bars, not walls. */
const MAX_BAR_WIDTH = 96;
/** Before the first measurement (and in jsdom, which lays out nothing). */
const FALLBACK_WIDTH = 800;
/** A bar over this many times the mean is drawn as hot. */
const HOT_OVER_MEAN = 1.2;
const TOOLTIP_GAP_PX = 6;

type BarKind = 'even' | 'hot' | 'dead';

const TITLES: Record<DistributionWeighting, string> = WEIGHTING_LABELS;

function barKind(d: DatanodeLoad, value: number, mean: number): BarKind {
  if (!canTakeRegions(d)) return 'dead';
  return value > mean * HOT_OVER_MEAN ? 'hot' : 'even';
}

function describeBar(
  d: DatanodeLoad,
  value: number,
  weighting: DistributionWeighting,
  mean: number,
): string {
  const ratio = mean > 0 ? `, ${(value / mean).toFixed(2)} × mean` : '';
  const lease = d.liveness === null ? 'lease unknown' : describeLiveness(d.liveness);
  return `datanode ${d.peerId} (${d.addr}): ${formatWeightWithUnit(value, weighting)}${ratio}; ${lease}`;
}

/**
 * Each bar is a keyboard stop of its own (one tab stop for the chart, arrow keys between bars)
 * and names its datanode, value and lease; hovering or focusing a bar shows the same as a
 * tooltip. "Show as table" gives every figure as a table.
 */
export function DistributionPlot({ datanodes, weighting, skew }: DistributionPlotProps) {
  const { ref: boxRef, width: measured } = useElementSize<HTMLDivElement>();
  const width = measured > 0 ? measured : FALLBACK_WIDTH;
  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  const [tabStop, setTabStop] = useState(0);
  const [isTableShown, setIsTableShown] = useState(false);
  const barRefs = useRef<(SVGGElement | null)[]>([]);
  const tableId = useId();

  const values = datanodes.map((d) => weightOf(d, weighting));
  const ticks = axisTicks(Math.max(0, ...values), weighting);
  const top = ticks.at(-1) ?? 1;
  const tickLabels = ticks.map((t) => formatWeight(t, weighting));
  const left =
    AXIS_TITLE_WIDTH + Math.max(...tickLabels.map((t) => t.length)) * CHAR_PX + LABEL_GAP_PX;
  const plotWidth = Math.max(1, width - left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const bottom = MARGIN.top + plotHeight;
  const band = plotWidth / Math.max(1, datanodes.length);
  const barWidth = band >= 4 ? Math.min(MAX_BAR_WIDTH, band * 0.8) : band;
  const yOf = (value: number) => bottom - (value / top) * plotHeight;
  const peerIdChars = Math.max(1, ...datanodes.map((d) => d.peerId.length));
  const labelStep = labelEvery(band, peerIdChars * CHAR_PX + LABEL_GAP_PX);
  const valueLabels = values.map((v) => formatWeight(v, weighting));
  const areValuesShown =
    band >= Math.max(...valueLabels.map((v) => v.length)) * CHAR_PX + LABEL_GAP_PX;
  const meanY = yOf(skew.mean);
  const xOf = (index: number) => left + band * index;

  const focusBar = (index: number) => {
    const next = Math.min(datanodes.length - 1, Math.max(0, index));
    setTabStop(next);
    barRefs.current[next]?.focus();
  };
  const handleKeyDown = (event: KeyboardEvent<SVGGElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      Home: 0,
      End: datanodes.length - 1,
      PageDown: index + labelStep * 5,
      PageUp: index - labelStep * 5,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    focusBar(next);
  };

  const active = activeIndex === null ? undefined : datanodes[activeIndex];
  const title = TITLES[weighting];

  return (
    <figure className={classes.figure}>
      <div ref={boxRef} className={classes.box}>
        <svg
          width={width}
          height={HEIGHT}
          role="group"
          aria-label={`${title} per datanode: highest ${formatWeight(skew.max, weighting)}, mean ${formatWeight(Math.round(skew.mean), weighting)}. Arrow keys move between datanodes.`}
          className={classes.svg}
          onMouseLeave={() => {
            setActiveIndex(null);
          }}
        >
          <text
            className={classes.axisTitle}
            transform={`translate(12 ${MARGIN.top + plotHeight / 2}) rotate(-90)`}
            textAnchor="middle"
            aria-hidden
          >
            {title}
          </text>
          <g aria-hidden>
            {ticks.map((tick, i) => (
              <g key={tick} transform={`translate(0 ${yOf(tick)})`}>
                <line className={classes.gridLine} x1={left} x2={left + plotWidth} />
                <text
                  className={classes.tickLabel}
                  x={left - 6}
                  dy="0.32em"
                  textAnchor="end"
                  data-testid="plot-tick"
                >
                  {tickLabels[i]}
                </text>
              </g>
            ))}
          </g>
          {active !== undefined && activeIndex !== null && (
            <rect
              className={classes.activeBand}
              x={xOf(activeIndex)}
              y={MARGIN.top}
              width={band}
              height={plotHeight}
            />
          )}
          {datanodes.map((d, i) => {
            const value = values[i] ?? 0;
            const y = yOf(value);
            const x = xOf(i);
            const isLabelled = i % labelStep === 0;
            return (
              <g
                key={d.peerId}
                ref={(element) => {
                  barRefs.current[i] = element;
                }}
                role="img"
                aria-label={describeBar(d, value, weighting, skew.mean)}
                tabIndex={i === tabStop ? 0 : -1}
                className={classes.bar}
                data-datanode={d.peerId}
                data-kind={barKind(d, value, skew.mean)}
                onMouseEnter={() => {
                  setActiveIndex(i);
                }}
                onFocus={() => {
                  setTabStop(i);
                  setActiveIndex(i);
                }}
                onBlur={() => {
                  setActiveIndex(null);
                }}
                onKeyDown={(event) => {
                  handleKeyDown(event, i);
                }}
              >
                {/* The whole column answers the pointer, so a short bar is as easy to hover. */}
                <rect
                  className={classes.hitArea}
                  x={x}
                  y={MARGIN.top}
                  width={band}
                  height={plotHeight}
                />
                <rect
                  className={classes.barRect}
                  x={x + (band - barWidth) / 2}
                  y={y}
                  width={barWidth}
                  height={bottom - y}
                />
                {areValuesShown && (
                  <text
                    className={classes.valueLabel}
                    x={x + band / 2}
                    y={y - 5}
                    textAnchor="middle"
                    data-value-label={d.peerId}
                  >
                    {valueLabels[i]}
                  </text>
                )}
                {isLabelled && (
                  <text
                    className={classes.datanodeLabel}
                    x={x + band / 2}
                    y={bottom + 15}
                    textAnchor="middle"
                    data-datanode-label={d.peerId}
                  >
                    {d.peerId}
                  </text>
                )}
                {isLabelled && labelStep > 1 && (
                  <line
                    className={classes.axisLine}
                    x1={x + band / 2}
                    x2={x + band / 2}
                    y1={bottom}
                    y2={bottom + 4}
                  />
                )}
              </g>
            );
          })}
          <line
            className={classes.axisLine}
            x1={left}
            x2={left + plotWidth}
            y1={bottom}
            y2={bottom}
          />
          <line className={classes.axisLine} x1={left} x2={left} y1={MARGIN.top} y2={bottom} />
          <line
            className={classes.meanLine}
            x1={left}
            x2={left + plotWidth}
            y1={meanY}
            y2={meanY}
            aria-hidden
          />
          <text
            className={classes.axisTitle}
            x={left + plotWidth / 2}
            y={HEIGHT - 6}
            textAnchor="middle"
            aria-hidden
          >
            {labelStep === 1
              ? 'datanode (peer id)'
              : `datanode (peer id; one label per ${String(labelStep)} bars, hover or focus a bar for the others)`}
          </text>
        </svg>
        {active !== undefined && activeIndex !== null && (
          <div
            className={classes.tooltip}
            data-testid="plot-tooltip"
            // Beside the bar, on the side with more room, so it never hides the bar it names.
            data-side={xOf(activeIndex) + band / 2 < width / 2 ? 'right' : 'left'}
            aria-hidden
            style={{
              left:
                xOf(activeIndex) + band / 2 < width / 2
                  ? xOf(activeIndex) + band + TOOLTIP_GAP_PX
                  : xOf(activeIndex) - TOOLTIP_GAP_PX,
              top: MARGIN.top,
            }}
          >
            <Text size="xs" fw={700}>
              datanode {active.peerId}
            </Text>
            <Text size="xs">{active.addr}</Text>
            <Text size="xs">
              {formatWeightWithUnit(values[activeIndex] ?? 0, weighting)}
              {skew.mean > 0 && ` · ${((values[activeIndex] ?? 0) / skew.mean).toFixed(2)} × mean`}
            </Text>
            <Text size="xs" c="dimmed">
              {active.liveness === null ? 'lease unknown' : describeLiveness(active.liveness)}
            </Text>
          </div>
        )}
      </div>
      <Group component="figcaption" gap="md" justify="space-between" wrap="wrap">
        <Group gap="md" wrap="wrap" className={classes.legend} aria-label="Legend" role="list">
          <LegendItem kind="even" label={`at most ${String(HOT_OVER_MEAN)} × mean`} />
          <LegendItem kind="hot" label={`over ${String(HOT_OVER_MEAN)} × mean`} />
          <LegendItem kind="dead" label="no live lease" />
          <span role="listitem" className={classes.legendItem}>
            <svg width={22} height={10} aria-hidden>
              <line className={classes.meanLine} x1={0} x2={22} y1={5} y2={5} />
            </svg>
            <Text span size="xs">
              mean: {formatWeightWithUnit(Math.round(skew.mean), weighting)} per datanode
            </Text>
          </span>
        </Group>
        <Button
          size="compact-xs"
          variant="subtle"
          aria-expanded={isTableShown}
          aria-controls={tableId}
          onClick={() => {
            setIsTableShown(!isTableShown);
          }}
        >
          {isTableShown ? 'Hide the table of figures' : 'Show the figures as a table'}
        </Button>
      </Group>
      <div id={tableId}>
        {isTableShown && <LoadTable datanodes={datanodes} weighting={weighting} mean={skew.mean} />}
      </div>
    </figure>
  );
}

function LegendItem({ kind, label }: { kind: BarKind; label: string }) {
  return (
    <span role="listitem" className={classes.legendItem}>
      <span className={classes.swatch} data-kind={kind} aria-hidden />
      <Text span size="xs">
        {label}
      </Text>
    </span>
  );
}

/** The chart's figures as a table: what a screen reader or a copy-and-paste wants. */
function LoadTable({
  datanodes,
  weighting,
  mean,
}: {
  datanodes: readonly DatanodeLoad[];
  weighting: DistributionWeighting;
  mean: number;
}) {
  const hasRows = datanodes.some((d) => d.rows > 0);
  return (
    <ScrollArea.Autosize mah={360} mt="xs">
      <Table
        striped
        withTableBorder
        fz="xs"
        verticalSpacing={4}
        aria-label={`${TITLES[weighting]} per datanode`}
        data-testid="distribution-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Datanode</Table.Th>
            <Table.Th scope="col">Address</Table.Th>
            <Table.Th scope="col">Regions</Table.Th>
            <Table.Th scope="col">Bytes</Table.Th>
            {hasRows && <Table.Th scope="col">Rows</Table.Th>}
            <Table.Th scope="col">{TITLES[weighting]} / mean</Table.Th>
            <Table.Th scope="col">Lease</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {datanodes.map((d) => (
            <Table.Tr key={d.peerId} data-datanode={d.peerId}>
              <Table.Th scope="row">{d.peerId}</Table.Th>
              <Table.Td>{d.addr}</Table.Td>
              <Table.Td data-column="count">{formatWeight(d.count, 'count')}</Table.Td>
              <Table.Td data-column="bytes">{formatWeight(d.bytes, 'bytes')}</Table.Td>
              {hasRows && <Table.Td data-column="rows">{formatWeight(d.rows, 'rows')}</Table.Td>}
              <Table.Td>{mean > 0 ? (weightOf(d, weighting) / mean).toFixed(2) : '–'}</Table.Td>
              <Table.Td>{d.liveness === null ? 'unknown' : describeLiveness(d.liveness)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
