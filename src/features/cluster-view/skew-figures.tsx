import { Group, Paper, Text, VisuallyHidden } from '@mantine/core';
import type { Skew } from '../../domain/planner/skew';
import { formatWeight, type DistributionWeighting } from './distribution-model';

/** The hint shows on hover and is read after the value, so no one needs the mouse for it. */
function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="xs" miw={120} title={hint}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      <VisuallyHidden>{hint}</VisuallyHidden>
    </Paper>
  );
}

/** max/mean says how hot the hottest datanode is; CV how uneven the whole spread is. */
export function SkewFigures({ skew, weighting }: { skew: Skew; weighting: DistributionWeighting }) {
  return (
    <Group gap="xs" role="group" aria-label="Skew">
      <Figure
        label="max / mean"
        value={skew.maxOverMean.toFixed(2)}
        hint="Hottest datanode compared with an even share; 1.00 is even."
      />
      <Figure
        label="coefficient of variation"
        value={skew.cv.toFixed(3)}
        hint="Standard deviation over mean; 0 is even."
      />
      <Figure label="max" value={formatWeight(skew.max, weighting)} hint="Hottest datanode." />
      <Figure label="min" value={formatWeight(skew.min, weighting)} hint="Coolest datanode." />
      <Figure
        label="mean"
        value={formatWeight(Math.round(skew.mean), weighting)}
        hint="Even share per datanode: the chart's dashed line."
      />
    </Group>
  );
}
