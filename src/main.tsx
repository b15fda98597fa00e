import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/mantine-styles';
import { AppProviders } from './app/app-providers';
import { ConsoleShell } from './app/console-shell';

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <AppProviders>
      <ConsoleShell />
    </AppProviders>
  </StrictMode>,
);
