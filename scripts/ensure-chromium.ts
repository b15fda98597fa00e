// Playwright's own browser download cannot work on our machines, so the end-to-end tests
// drive Debian's Chromium. This finds it, installs it where that is safe (root on Debian),
// and otherwise says exactly how to get one instead of letting Playwright fail obscurely.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const found = candidates.find((p) => p && existsSync(p));
if (found) {
  process.exit(0);
}
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
  process.exit(1);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (isRoot && isDebian) {
  console.log('No Chromium found: installing Debian package "chromium" with apt-get...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}

const osName = existsSync('/etc/os-release')
  ? (/^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ??
    'this system')
  : 'this system';
console.error(
  [
    'The end-to-end tests need a Chromium binary and none was found.',
    `  On Debian/Ubuntu: sudo apt-get install chromium   (this machine: ${osName})`,
    '  Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium',
    'Playwright\'s own browser download ("npx playwright install") is not used by this project.',
  ].join('\n'),
);
process.exit(1);
