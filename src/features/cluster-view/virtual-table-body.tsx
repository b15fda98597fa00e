import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/**
 * The body of a table virtualized with useVirtualTableRows: the rendered rows between two
 * spacer rows that keep the scroll height of the rows left out.
 */
export function VirtualTableBody({
  paddingTop,
  paddingBottom,
  children,
}: {
  paddingTop: number;
  paddingBottom: number;
  children: ReactNode;
}) {
  return (
    <Table.Tbody>
      {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
      {children}
      {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
    </Table.Tbody>
  );
}
