/**
 * Command-line flags as the same values the environment gives: `--port 8080` becomes
 * `PORT=8080`. A flag wins over the environment. `node:util` parseArgs reads them leniently
 * (`strict: false`), so that unknown flags, missing values and repeats are not thrown one at
 * a time but reported together with every other bad setting.
 */
import { parseArgs } from 'node:util';
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
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      settings.map((setting) => [
        setting.flag,
        { type: setting.kind === 'boolean' ? 'boolean' : 'string', multiple: true },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      problems.push(`unexpected argument "${token.value}" (settings are --name value)`);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = byFlag.get(token.name);
    if (spec === undefined) {
      problems.push(`${token.rawName}: unknown flag (see README, "Running it for your team")`);
      continue;
    }
    let value: string;
    if (spec.kind === 'boolean') {
      value = token.value ?? 'true';
    } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      // Lenient parsing takes the next flag as the value: `--port --expose` lacks a port.
      problems.push(`--${spec.flag}: needs a value`);
      continue;
    } else {
      value = token.value;
    }
    const previous = values.get(spec.env);
    if (previous !== undefined && spec.kind !== 'list') {
      problems.push(`--${spec.flag}: given more than once`);
      continue;
    }
    values.set(spec.env, previous === undefined ? value : `${previous}${LIST_SEPARATOR}${value}`);
  }
  return { values, problems };
}
