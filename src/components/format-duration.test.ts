import { describe, expect, it } from 'vitest';
import { formatDuration, formatOffset, shortenHumantime } from './format-duration';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5, '0 s'],
    [999, '0 s'],
    [42_000, '42 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [7_800_000, '2 h 10 min'],
    [3 * 86_400_000, '3 d'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatOffset', () => {
  it('keeps a decimal under a minute and falls back to formatDuration above', () => {
    expect(formatOffset(2_440)).toBe('+2.4 s');
    expect(formatOffset(61_000)).toBe('+1 min 1 s');
  });
});

describe('shortenHumantime', () => {
  it('shortens what cluster_info prints', () => {
    expect(shortenHumantime('2h 13s 587ms')).toBe('2 h');
    expect(shortenHumantime('49m 59s 456ms')).toBe('49 min 59 s');
    expect(shortenHumantime('1s 354ms')).toBe('1 s');
  });

  it('shows anything else as it came', () => {
    expect(shortenHumantime('a while')).toBe('a while');
  });
});
