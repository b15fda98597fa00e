import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Code, Stack, Text } from '@mantine/core';

interface PanelErrorBoundaryProps {
  /** Names the panel in the fallback ("Leader", "Region grid"), so the user knows what broke. */
  panelName: string;
  children: ReactNode;
}

interface PanelErrorBoundaryState {
  error: Error | null;
}

/**
 * The third error tier: a bug in one panel (a render that throws) replaces that panel only,
 * so the rest of the console keeps working. Expected failures (MetaSrv refusals, network
 * errors) never get here: panels render those inline.
 */
export class PanelErrorBoundary extends Component<
  PanelErrorBoundaryProps,
  PanelErrorBoundaryState
> {
  override state: PanelErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): PanelErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Keep the stack in the console for a bug report; the UI shows only the message.
    console.error(`Panel "${this.props.panelName}" crashed`, error, info.componentStack);
  }

  private readonly handleReset = (): void => {
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <Alert color="red" title={`The ${this.props.panelName} panel failed`} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            This is a bug in the console, not a problem with the cluster. The other panels still
            work.
          </Text>
          <Code block>{error.message}</Code>
          <Button size="xs" variant="light" onClick={this.handleReset}>
            Show the {this.props.panelName} panel again
          </Button>
        </Stack>
      </Alert>
    );
  }
}
