/**
 * The login page of token auth: a named token is exchanged for an HttpOnly session cookie
 * (the browser never holds the token afterwards). Shown instead of the dashboard while
 * `/api/session` says nobody is signed in.
 */
import { useState, type SyntheticEvent } from 'react';
import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/api-error';
import { logIn } from '../../api/console-api';
import { sessionQueries } from './session-queries';

function loginErrorText(error: Error): string {
  if (isApiError(error, 'proxy') && error.detail.code === 'unauthorized') {
    return 'This token is not valid. Check it with whoever runs the console.';
  }
  // The server says how long to wait; nothing else in the error helps here.
  if (isApiError(error, 'proxy') && error.detail.code === 'too-many-requests') {
    return error.detail.proxyMessage;
  }
  return error.message;
}

export function LoginPage() {
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const login = useMutation({
    mutationFn: logIn,
    onSuccess: (session) => {
      setToken('');
      queryClient.setQueryData(sessionQueries.current().queryKey, session);
      return queryClient.invalidateQueries();
    },
  });

  const handleSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (token.trim() !== '') login.mutate(token.trim());
  };

  return (
    <Container size={420} py={80}>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <form onSubmit={handleSubmit} aria-labelledby="login-title">
          <Stack gap="md">
            <Title order={1} size="h3" id="login-title">
              Sign in to Greptime Region Console
            </Title>
            <Text size="sm" c="dimmed">
              Paste the access token you were given. Your actions are recorded in the audit log
              under the token’s name.
            </Text>
            <PasswordInput
              label="Access token"
              autoComplete="current-password"
              value={token}
              onChange={(event) => {
                setToken(event.currentTarget.value);
              }}
              required
              autoFocus
            />
            {login.isError && (
              <Alert color="red" role="alert" title="Sign-in failed">
                {loginErrorText(login.error)}
              </Alert>
            )}
            <Button type="submit" loading={login.isPending} disabled={token.trim() === ''}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
