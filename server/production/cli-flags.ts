/**
 * Command-line flags as the same values the environment gives: `--port 8080` becomes
 * `PORT=8080`. A flag wins over the environment. Unknown flags, missing values and repeats
 * are problems reported together with every other bad setting.
 */
import { SETTINGS } from './settings.ts';
import type { SettingSpec } from './settings.ts';

export interface FlagValues {
  values: Map<string, string>;
  problems: string[];
}

/** Separator that joins a repeated list flag into its environment form. */
export const LIST_SEPARATOR = ';';

export function parseFlags(
  argv: readonly string[],
  settings: readonly SettingSpec[] = SETTINGS,
): FlagValues {
  const byFlag = new Map(settings.map((setting) => [setting.flag, setting]));
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}" (settings are --name value)`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = byFlag.get(name);
    if (spec === undefined) {
      problems.push(`--${name}: unknown flag (see README, "Running it for your team")`);
      continue;
    }
    let value: string | undefined;
    if (spec.kind === 'boolean') {
      value = eq > 0 ? arg.slice(eq + 1) : 'true';
    } else if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        problems.push(`--${name}: needs a value`);
        continue;
      }
      value = next;
      i += 1;
    }
    const previous = values.get(spec.env);
    if (previous !== undefined && spec.kind !== 'list') {
      problems.push(`--${name}: given more than once`);
      continue;
    }
    values.set(spec.env, previous === undefined ? value : `${previous}${LIST_SEPARATOR}${value}`);
  }
  return { values, problems };
}
