/** Who is signed in, read-only mode, and sign-out (token auth only: basic auth has no logout). */
import { Badge, Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { logOut } from '../../api/console-api';
import type { Session } from '../../../contract/api-contract';
import { sessionQueries } from './session-queries';

export function SessionBar({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: logOut,
    onSuccess: (next) => {
      queryClient.setQueryData(sessionQueries.current().queryKey, next);
    },
  });
  if (session.user === null && !session.readOnly) return null;
  return (
    <Group gap="xs">
      {session.readOnly && (
        <Badge color="gray" variant="light" title="The server refuses every mutating call">
          Read-only
        </Badge>
      )}
      {session.user !== null && (
        <Text size="sm">
          Signed in as{' '}
          <Text span fw={600}>
            {session.user}
          </Text>
        </Text>
      )}
      {session.auth === 'token' && session.user !== null && (
        <Button
          size="compact-xs"
          variant="subtle"
          loading={logout.isPending}
          onClick={() => {
            logout.mutate();
          }}
        >
          Sign out
        </Button>
      )}
    </Group>
  );
}
