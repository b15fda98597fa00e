/**
 * docs/ARCHITECTURE.md's endpoint table against the contract: every path the contract names
 * is documented, and the table names no path the contract lacks. The first backticked word of
 * each cell of the Path column is the endpoint (query strings and alternatives are prose).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLUSTER_ENDPOINTS, CONSOLE_PATHS } from '../contract/api-contract.ts';
import { PUSH_EVENTS_ENDPOINT } from '../contract/push-events.ts';
import { SQL_ENDPOINTS } from '../contract/sql-contract.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ARCHITECTURE = readFileSync(path.join(here, '../docs/ARCHITECTURE.md'), 'utf8');

function documentedPaths(markdown: string): Set<string> {
  const section = markdown.split('## The /api contract')[1]?.split('\n## ')[0] ?? '';
  const paths = new Set<string>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const pathCell = cells[2];
    if (pathCell === undefined || !pathCell.startsWith('`')) continue;
    for (const match of pathCell.matchAll(/`([^`]*)`/g)) {
      const endpoint = match[1]?.split('?')[0];
      if (endpoint !== undefined && endpoint !== '') paths.add(endpoint);
    }
  }
  return paths;
}

describe('docs/ARCHITECTURE.md', () => {
  it('documents exactly the endpoints of the contract', () => {
    const contract = new Set<string>([
      ...Object.values(CLUSTER_ENDPOINTS),
      ...Object.values(SQL_ENDPOINTS),
      ...Object.values(CONSOLE_PATHS),
      PUSH_EVENTS_ENDPOINT,
    ]);
    expect([...documentedPaths(ARCHITECTURE)].sort()).toEqual([...contract].sort());
  });
});
