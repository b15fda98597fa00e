/**
 * The browser console of a test's page, watched: every error and warning it logs, and every
 * uncaught exception, fails the test at teardown unless the test declared it expected by name
 * (`browserConsole.expect(/procedure-manager.*404/)`). A quiet console is a feature (issue 19):
 * a new 404, CSP violation or React warning shows up here before a user opens DevTools.
 */
import type { ConsoleMessage, Page } from '@playwright/test';

export interface BrowserConsoleEntry {
  kind: 'error' | 'warning' | 'pageerror';
  /** The message, then the URL it is about when the browser gave one ("… (Not Found) @ url"). */
  text: string;
}

export class BrowserConsole {
  readonly #entries: BrowserConsoleEntry[] = [];
  readonly #expected: RegExp[] = [];
  /** Bodies of the console server's 5xx answers, so a failure says what the server said. */
  readonly #serverErrors: Promise<string>[] = [];

  constructor(page: Page) {
    page.on('response', (response) => {
      if (response.status() < 500 || !new URL(response.url()).pathname.startsWith('/api/')) return;
      this.#serverErrors.push(
        response.text().then(
          (body) => `${String(response.status())} ${response.url()}: ${body.slice(0, 500)}`,
          () => `${String(response.status())} ${response.url()} (body not readable)`,
        ),
      );
    });
    page.on('console', (message: ConsoleMessage) => {
      const type = message.type();
      if (type !== 'error' && type !== 'warning') return;
      const { url } = message.location();
      this.#entries.push({
        kind: type,
        text: url === '' ? message.text() : `${message.text()} @ ${url}`,
      });
    });
    page.on('pageerror', (error) => {
      this.#entries.push({ kind: 'pageerror', text: `${error.name}: ${error.message}` });
    });
  }

  /** Declares a message this test causes on purpose (matched against the text and its URL). */
  expect(pattern: RegExp): void {
    this.#expected.push(pattern);
  }

  /** The console server's 5xx answers to this page, body included. */
  serverErrors(): Promise<string[]> {
    return Promise.all(this.#serverErrors);
  }

  /** What the console logged that no declared pattern matches. */
  unexpected(): BrowserConsoleEntry[] {
    return this.#entries.filter(
      (entry) => !this.#expected.some((pattern) => pattern.test(entry.text)),
    );
  }
}

export function describeUnexpected(
  entries: readonly BrowserConsoleEntry[],
  serverErrors: readonly string[],
): string {
  return [
    `The browser console logged ${entries.length} unexpected message(s); fix the product, or ` +
      'declare one this test causes on purpose with browserConsole.expect(/…/):',
    ...entries.map((entry) => `  [${entry.kind}] ${entry.text}`),
    ...(serverErrors.length > 0
      ? ['The console server answered:', ...serverErrors.map((answer) => `  ${answer}`)]
      : []),
  ].join('\n');
}
