/**
 * Light, dark, or the system's choice (the default). Mantine keeps an explicit choice in
 * localStorage and follows `prefers-color-scheme` for `auto`.
 */
import { SegmentedControl, Stack, Text, useMantineColorScheme } from '@mantine/core';
import type { MantineColorScheme } from '@mantine/core';

const CHOICES: { value: MantineColorScheme; label: string }[] = [
  { value: 'auto', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" id="color-scheme-label">
        Theme
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby="color-scheme-label"
        value={colorScheme}
        onChange={(value) => {
          const choice = CHOICES.find((c) => c.value === value);
          if (choice !== undefined) setColorScheme(choice.value);
        }}
        data={CHOICES}
      />
    </Stack>
  );
}
