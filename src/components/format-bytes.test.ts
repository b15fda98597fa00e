import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('keeps bytes whole and gives larger units one decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(12 * 1024 ** 3)).toBe('12.0 GiB');
    expect(formatBytes(1.5 * 1024 ** 6)).toBe('1536.0 PiB');
  });
});
