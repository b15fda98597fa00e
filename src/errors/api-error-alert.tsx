import type { ReactNode } from 'react';
import { Alert, Code, Stack, Text } from '@mantine/core';
import { isApiError } from '../api/api-error';
import type { ProxyErrorCode } from '../../contract/api-contract';
import { explainFrontendError } from './explain-frontend-error';
import { explainMetasrvError, type MetasrvErrorContext } from './explain-metasrv-error';

const PROXY_TITLES: Record<ProxyErrorCode, string> = {
  'bad-request': 'The console server rejected the request',
  'not-found': 'The console server does not know this endpoint',
  'method-not-allowed': 'The console server does not allow this method',
  'payload-too-large': 'The request was too large',
  'metasrv-unreachable': 'MetaSrv could not be reached',
  'metasrv-timeout': 'MetaSrv did not answer in time',
  'leader-not-configured': 'MetaSrv reports a leader the console is not configured to use',
  'no-leader': 'No MetaSrv leader is known',
  'submission-outcome-unknown': 'The outcome of the submission is unknown',
  unauthorized: 'You are not signed in to the console',
  forbidden: 'The console server refused the request',
  'read-only': 'The console runs in read-only mode',
  'uri-too-long': 'The request address was too long',
  'metasrv-invalid-answer': 'MetaSrv answered with data the console could not read',
  conflict: 'The console server is busy with another run',
  'frontend-not-configured': 'No GreptimeDB frontend is configured for this cluster',
  'frontend-unreachable': 'The GreptimeDB frontend could not be reached',
  'frontend-timeout': 'The GreptimeDB frontend did not answer in time',
  'too-many-requests': 'Too many failed sign-ins',
  'data-dir-not-writable': 'The console server cannot write its migration journal',
};

interface ApiErrorAlertProps {
  error: Error;
  context: MetasrvErrorContext;
  /** Extra guidance below the explanation (e.g. "the route is being re-read"). */
  children?: ReactNode;
}

/**
 * The first error tier: an inline alert. A MetaSrv refusal is quoted exactly, followed by a
 * plain-language explanation; our own server's errors and transport failures say who failed.
 */
export function ApiErrorAlert({ error, context, children }: ApiErrorAlertProps) {
  if (isApiError(error, 'metasrv')) {
    const { title, explanation } = explainMetasrvError(error.detail.text, context);
    return (
      <Alert color="red" title={title} role="alert">
        <Stack gap="xs">
          <div>
            <Text size="xs" c="dimmed">
              MetaSrv{error.detail.metasrvAddr === null ? '' : ` ${error.detail.metasrvAddr}`} said
              (HTTP {error.detail.status}):
            </Text>
            <Code block data-testid="metasrv-error-text">
              {error.detail.text === '' ? '(empty body)' : error.detail.text}
            </Code>
          </div>
          <Text size="sm">{explanation}</Text>
          {children}
        </Stack>
      </Alert>
    );
  }
  if (isApiError(error, 'frontend')) {
    const { status, code, message, frontendAddr } = error.detail;
    const { title, explanation } = explainFrontendError(status, code, message, context);
    return (
      <Alert color="red" title={title} role="alert">
        <Stack gap="xs">
          <div>
            <Text size="xs" c="dimmed">
              Frontend{frontendAddr === null ? '' : ` ${frontendAddr}`} said (HTTP {status}
              {code === null ? '' : `, code ${code}`}):
            </Text>
            <Code block data-testid="frontend-error-text">
              {message === '' ? '(empty body)' : message}
            </Code>
          </div>
          <Text size="sm">{explanation}</Text>
          {children}
        </Stack>
      </Alert>
    );
  }
  if (isApiError(error, 'proxy')) {
    return (
      <Alert color="red" title={PROXY_TITLES[error.detail.code]} role="alert">
        <Stack gap="xs">
          <Text size="sm">{error.detail.proxyMessage}</Text>
          {error.detail.issues.length > 0 && (
            <ul>
              {error.detail.issues.map((issue) => (
                <li key={issue}>
                  <Text size="sm">{issue}</Text>
                </li>
              ))}
            </ul>
          )}
          {children}
        </Stack>
      </Alert>
    );
  }
  const title = isApiError(error, 'schema')
    ? 'MetaSrv sent an answer the console does not understand'
    : isApiError(error, 'network')
      ? 'The console server did not answer'
      : 'Something went wrong';
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs">
        <Text size="sm">{error.message}</Text>
        {children}
      </Stack>
    </Alert>
  );
}
