import type { ErrorInfo, ReactNode } from 'react';
import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { ErrorBoundary, getErrorMessage, type FallbackProps } from 'react-error-boundary';

interface PanelErrorBoundaryProps {
  /** Names the panel in the fallback ("Leader", "Region grid"), so the user knows what broke. */
  panelName: string;
  /**
   * What the panel shows (a table id, a cluster): when one changes, a failed panel renders
   * again by itself, since the bug may belong to what was shown before.
   */
  resetKeys?: unknown[];
  children: ReactNode;
}

/**
 * The third error tier: a bug in one panel (a render that throws) replaces that panel only,
 * so the rest of the console keeps working. Expected failures (MetaSrv refusals, network
 * errors) never get here: panels render those inline.
 *
 * A query that throws to the boundary (`throwOnError`) keeps its error in the cache, and a
 * remounted panel would be handed the same error without asking again; the surrounding
 * QueryErrorResetBoundary makes every reset (button or resetKeys) refetch those queries too.
 */
export function PanelErrorBoundary({ panelName, resetKeys, children }: PanelErrorBoundaryProps) {
  const handleError = (error: unknown, info: ErrorInfo): void => {
    // Keep the stack in the console for a bug report; the UI shows only the message.
    console.error(`Panel "${panelName}" crashed`, error, info.componentStack);
  };
  const renderFallback = ({ error, resetErrorBoundary }: FallbackProps) => (
    <Alert color="red" title={`The ${panelName} panel failed`} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          This is a bug in the console, not a problem with the cluster. The other panels still work.
        </Text>
        <Code block>{getErrorMessage(error) ?? String(error)}</Code>
        <Button
          size="xs"
          variant="light"
          onClick={() => {
            resetErrorBoundary();
          }}
        >
          Try the {panelName} panel again
        </Button>
      </Stack>
    </Alert>
  );
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary
          onReset={reset}
          onError={handleError}
          resetKeys={resetKeys}
          fallbackRender={renderFallback}
        >
          {children}
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}
