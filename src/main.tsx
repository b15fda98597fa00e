import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/mantine-styles';
import { AppProviders } from './app/app-providers';
import { isBadLink } from './app/bad-link';
import { ConsoleShell } from './app/console-shell';

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root element');

createRoot(rootElement, {
  // The router's error boundaries show a malformed link as a message (bad-link.tsx); React
  // would also log it as an error. Anything else caught is a bug, logged as React does.
  onCaughtError: (error, errorInfo) => {
    if (isBadLink(error)) return;
    console.error(error, errorInfo.componentStack);
  },
}).render(
  <StrictMode>
    <AppProviders>
      <ConsoleShell />
    </AppProviders>
  </StrictMode>,
);
