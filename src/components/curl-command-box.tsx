import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

interface CurlCommandBoxProps {
  command: string;
  /** What the command does, e.g. "Submit this migration". */
  label?: string;
}

/** "Equivalent command": the curl line for an action, ready to copy. */
export function CurlCommandBox({ command, label = 'Equivalent command' }: CurlCommandBoxProps) {
  return (
    <Stack gap={2}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <CopyButton value={command}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={copy}
              aria-label={copied ? 'Command copied' : `Copy command: ${label}`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code
        block
        data-testid="curl-command"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {command}
      </Code>
    </Stack>
  );
}
