/**
 * The split form: the partition to split (its current rule shown), then the new expressions,
 * one per field, each checked as it is typed against the partition columns and the rule.
 */
import { Button, Code, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { FormCheck, RepartitionSubject } from './repartition-model';
import { IssueText } from './issue-text';
import { ColumnsNote, partitionLabel } from './partition-labels';
import classes from './repartition.module.css';

/** GreptimeDB's statement takes up to this many (repartition-api.ts caps the INTO list). */
const MAX_TARGETS = 64;

interface SplitFormProps {
  subject: RepartitionSubject;
  sourceRegionId: string | null;
  onSourceChange: (regionId: string | null) => void;
  texts: readonly string[];
  onTextsChange: (texts: string[]) => void;
  check: FormCheck;
}

export function SplitForm({
  subject,
  sourceRegionId,
  onSourceChange,
  texts,
  onTextsChange,
  check,
}: SplitFormProps) {
  const { partitions } = subject.table;
  const source = partitions.find((p) => p.regionId === sourceRegionId);
  const example = exampleFor(subject);
  const fieldIssues = check.kind === 'ok' ? [] : check.fieldIssues;

  return (
    <Stack gap="sm">
      <NativeSelect
        label="Partition to split"
        value={sourceRegionId ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          onSourceChange(value === '' ? null : value);
        }}
        data={[
          { value: '', label: 'Choose a partition…' },
          ...partitions.map((p, index) => ({
            value: p.regionId,
            label: partitionLabel(index, p),
          })),
        ]}
      />
      {source !== undefined && (
        <Text size="sm">
          Current rule: <Code data-testid="source-rule">{source.description ?? 'none'}</Code>
        </Text>
      )}
      <fieldset className={classes.fieldset}>
        <legend className={classes.legend}>New expressions, one per field</legend>
        <Stack gap="xs">
          <Text size="xs" c="dimmed">
            Together they must cover exactly the partition being split. Comparisons joined by AND,
            strings single-quoted, e.g. <Code>{example}</Code>.
          </Text>
          {texts.map((text, index) => {
            const issue = fieldIssues[index];
            return (
              <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={`New expression ${String(index + 1)}`}
                  value={text}
                  autoComplete="off"
                  spellCheck={false}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  onChange={(event) => {
                    const next = [...texts];
                    next[index] = event.currentTarget.value;
                    onTextsChange(next);
                  }}
                  error={issue === undefined ? undefined : <IssueText issue={issue} />}
                />
                {texts.length > 2 && (
                  <Button
                    mt={24}
                    size="xs"
                    variant="subtle"
                    color="gray"
                    onClick={() => {
                      onTextsChange(texts.filter((_, i) => i !== index));
                    }}
                  >
                    Remove expression {index + 1}
                  </Button>
                )}
              </Group>
            );
          })}
          <Button
            size="xs"
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            disabled={texts.length >= MAX_TARGETS}
            onClick={() => {
              onTextsChange([...texts, '']);
            }}
          >
            Add an expression
          </Button>
        </Stack>
      </fieldset>
      <ColumnsNote subject={subject} />
    </Stack>
  );
}

/** An example in the table's own column, quoted as its kind needs. */
function exampleFor(subject: RepartitionSubject): string {
  const column = subject.columns[0];
  if (column === undefined) return "host >= 'a' AND host < 'm'";
  return column.kind === 'string'
    ? `${column.name} >= 'a' AND ${column.name} < 'm'`
    : `${column.name} >= 10 AND ${column.name} < 20`;
}
