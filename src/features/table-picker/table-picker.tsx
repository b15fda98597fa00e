import { useState, type SubmitEvent } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import { checkTableId } from './table-id';

interface TablePickerProps {
  /** The table currently shown, so "Open physical table" elsewhere updates the field too. */
  openedTableId: string | null;
  onOpenTable: (tableId: string) => void;
}

/** A labelled "Table ID" field; invalid input gets a specific message and sends no request. */
export function TablePicker({ openedTableId, onOpenTable }: TablePickerProps) {
  const [text, setText] = useState(openedTableId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [syncedTableId, setSyncedTableId] = useState(openedTableId);

  // Another panel opened a table (a logical table's physical one): show its id here too.
  if (openedTableId !== syncedTableId) {
    setSyncedTableId(openedTableId);
    if (openedTableId !== null) {
      setText(openedTableId);
      setError(null);
    }
  }

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkTableId(text);
    if (!check.ok) {
      setError(check.message);
      return;
    }
    setError(null);
    setText(check.tableId);
    onOpenTable(check.tableId);
  };

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Open a table">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Table ID"
          description="The numeric id of a table (u32), e.g. 1024"
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            if (error !== null) setError(null);
          }}
          error={error}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          w={280}
        />
        {/* Aligns the button with the input, below the label and description. */}
        <Button type="submit" mt={46}>
          Open table
        </Button>
      </Group>
    </form>
  );
}
