/**
 * The confirmation every plan action that moves regions (or stops moving them) asks for:
 * it names the cluster, the number of moves, the datanodes and the replay timeout. A plan of
 * more than TYPED_NAME_MOVE_THRESHOLD moves also needs the cluster's name typed, so a large
 * run is never started by a reflex click.
 */
import { useId, useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';

/** More moves than this: the cluster's name must be typed to confirm. */
export const TYPED_NAME_MOVE_THRESHOLD = 50;

interface ConfirmPlanActionProps {
  title: string;
  clusterId: string;
  moveCount: number;
  /** Exactly what the confirming button does ("Run 6 moves on cluster default"). */
  confirmLabel: string;
  isPending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

export function ConfirmPlanAction({
  title,
  clusterId,
  moveCount,
  confirmLabel,
  isPending = false,
  onConfirm,
  onClose,
  children,
}: ConfirmPlanActionProps) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const needsTypedName = moveCount > TYPED_NAME_MOVE_THRESHOLD;
  const isNameOk = !needsTypedName || typed.trim() === clusterId;
  return (
    <Modal opened onClose={onClose} title={title} centered size="lg">
      <Stack gap="sm">
        {children}
        {needsTypedName && (
          <TextInput
            id={inputId}
            label={`Type the cluster’s name “${clusterId}” to confirm ${String(moveCount)} moves`}
            description={`Plans of more than ${String(TYPED_NAME_MOVE_THRESHOLD)} moves need the name typed.`}
            value={typed}
            autoComplete="off"
            onChange={(e) => {
              setTyped(e.currentTarget.value);
            }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Go back
          </Button>
          <Button color="red" disabled={!isNameOk} loading={isPending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
