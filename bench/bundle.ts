/** Bundle figures: JS + CSS gzip of the first page (index.html's own assets) and of every asset. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { settings } from './config.ts';
import { report } from './report.ts';

export function benchBundle() {
  const dir = path.join(settings.root, settings.outDir, 'client');
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const gz = (file: string) => gzipSync(readFileSync(path.join(dir, file))).length;
  const firstPage = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const first = firstPage.reduce((sum, file) => sum + gz(file), 0);
  const all = readdirSync(path.join(dir, 'assets'))
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .reduce((sum, f) => sum + gz(`assets/${f}`), 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB gzip`;
  report('first page JS+CSS', kb(first), '≤ 250 KB gzip', first / 1024 <= 250);
  report('all JS+CSS', kb(all));
}
