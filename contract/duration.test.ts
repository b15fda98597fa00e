/**
 * humantime 2.1.0's own parse_duration tests (src/duration.rs: test_units, test_combo,
 * the round trips, test_overlow, test_nice_error_message, doc examples), then the cases
 * the dashboard relies on and the odd corners MetaSrv shares with humantime.
 * The random round trips use fast-check with a fixed seed instead of `rand`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatHumantimeDuration, parseHumantimeDuration } from './duration.ts';

const S = 1_000_000_000n;
/** Rust's `Duration::new(secs, nanos)` as total nanoseconds. */
const duration = (secs: number | bigint, nanos = 0) => BigInt(secs) * S + BigInt(nanos);

function nanosOf(text: string): bigint {
  const result = parseHumantimeDuration(text);
  if (!result.ok) throw new Error(`${JSON.stringify(text)} rejected: ${result.error}`);
  return result.nanos;
}

function errorOf(text: string): string {
  const result = parseHumantimeDuration(text);
  if (result.ok) throw new Error(`${JSON.stringify(text)} accepted as ${result.nanos} ns`);
  return result.error;
}

describe('humantime test_units', () => {
  test.each([
    ['17nsec', duration(0, 17)],
    ['17nanos', duration(0, 17)],
    ['33ns', duration(0, 33)],
    ['3usec', duration(0, 3000)],
    ['78us', duration(0, 78000)],
    ['31msec', duration(0, 31_000_000)],
    ['31millis', duration(0, 31_000_000)],
    ['6ms', duration(0, 6_000_000)],
    ['3000s', duration(3000)],
    ['300sec', duration(300)],
    ['300secs', duration(300)],
    ['50seconds', duration(50)],
    ['1second', duration(1)],
    ['100m', duration(6000)],
    ['12min', duration(720)],
    ['12mins', duration(720)],
    ['1minute', duration(60)],
    ['7minutes', duration(420)],
    ['2h', duration(7200)],
    ['7hr', duration(25200)],
    ['7hrs', duration(25200)],
    ['1hour', duration(3600)],
    ['24hours', duration(86400)],
    ['1day', duration(86400)],
    ['2days', duration(172_800)],
    ['365d', duration(31_536_000)],
    ['1week', duration(604_800)],
    ['7weeks', duration(4_233_600)],
    ['52w', duration(31_449_600)],
    ['1month', duration(2_630_016)],
    ['3months', duration(3 * 2_630_016)],
    ['12M', duration(31_560_192)],
    ['1year', duration(31_557_600)],
    ['7years', duration(7 * 31_557_600)],
    ['17y', duration(536_479_200)],
  ])('%s', (text, expected) => {
    expect(nanosOf(text)).toBe(expected);
  });
});

describe('humantime test_combo and doc examples', () => {
  test.each([
    ['20 min 17 nsec ', duration(1200, 17)],
    ['2h 15m', duration(8100)],
    ['2h 37min', duration(9420)],
    ['32ms', duration(0, 32_000_000)],
  ])('%s', (text, expected) => {
    expect(nanosOf(text)).toBe(expected);
  });

  test('format_duration doc examples', () => {
    expect(formatHumantimeDuration(duration(9420))).toBe('2h 37m');
    expect(formatHumantimeDuration(duration(0, 32_000_000))).toBe('32ms');
  });
});

describe('humantime round trips (parse(format(d)) == d)', () => {
  test('all_86400_seconds', () => {
    for (let second = 0n; second < 86_400n; second += 1n) {
      const d = second * S;
      if (nanosOf(formatHumantimeDuration(d)) !== d)
        throw new Error(`round trip failed for ${second}s`);
    }
  });

  const MAX_RANDOM_SECS = 253_370_764_800n;
  test('random_second', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_RANDOM_SECS - 1n }), (secs) => {
        expect(nanosOf(formatHumantimeDuration(secs * S))).toBe(secs * S);
      }),
      { seed: 2_1_0, numRuns: 10_000 },
    );
  });

  test('random_any', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_RANDOM_SECS - 1n }),
        fc.bigInt({ min: 0n, max: S - 1n }),
        (secs, nanos) => {
          const d = secs * S + nanos;
          expect(nanosOf(formatHumantimeDuration(d))).toBe(d);
        },
      ),
      { seed: 2_1_0, numRuns: 10_000 },
    );
  });
});

describe('humantime test_overlow', () => {
  test.each([
    '100000000000000000000ns',
    '100000000000000000us',
    '100000000000000ms',
    '100000000000000000000s',
    '10000000000000000000m',
    '1000000000000000000h',
    '100000000000000000d',
    '10000000000000000w',
    '1000000000000000M',
    '10000000000000y',
  ])('%s', (text) => {
    expect(errorOf(text)).toBe('number is too large');
  });
});

describe('humantime test_nice_error_message', () => {
  test.each([
    ['123', 'time unit needed, for example 123sec or 123ms'],
    ['10 months 1', 'time unit needed, for example 1sec or 1ms'],
    [
      '10nights',
      'unknown time unit "nights", supported units: ns, us, ms, sec, min, hours, days, weeks, months, years (and few variations)',
    ],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('what the migration dialog relies on', () => {
  test.each([
    ['5m', duration(300)],
    ['1h30m10s', duration(5410)],
    ['500ms', duration(0, 500_000_000)],
    ['1h 30m', duration(5400)],
    ['90s', duration(90)],
    ['0s', 0n],
  ])('%s is valid', (text, expected) => {
    expect(nanosOf(text)).toBe(expected);
  });

  test.each([
    ['1.5s', 'invalid character at 1'],
    ['10', 'time unit needed, for example 10sec or 10ms'],
    ['', 'value was empty'],
    [
      '5 x',
      'unknown time unit "x", supported units: ns, us, ms, sec, min, hours, days, weeks, months, years (and few variations)',
    ],
  ])('%s is invalid: %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('odd corners shared with MetaSrv', () => {
  test('M is months, m is minutes', () => {
    expect(nanosOf('1M')).toBe(duration(2_630_016));
    expect(nanosOf('1m')).toBe(duration(60));
  });

  test('whitespace is allowed around items and even inside a number', () => {
    expect(nanosOf('  5m  ')).toBe(duration(300));
    expect(nanosOf('1 0s')).toBe(duration(10));
    expect(nanosOf('5 m')).toBe(duration(300));
    expect(nanosOf('1h30m 10s')).toBe(duration(5410));
    expect(nanosOf('\t1s\n')).toBe(duration(1));
  });

  test('whitespace is Unicode White_Space: NBSP and NEL count, a BOM does not', () => {
    expect(nanosOf('5m\u00a0')).toBe(duration(300));
    expect(nanosOf('\u00855m')).toBe(duration(300));
    expect(errorOf('\ufeff5m')).toBe('expected number at 0');
  });

  test('only whitespace is empty', () => {
    expect(errorOf('   ')).toBe('value was empty');
  });

  test('leading zeros are fine', () => {
    expect(nanosOf('007s')).toBe(duration(7));
    expect(errorOf('0')).toBe('time unit needed, for example 0sec or 0ms');
  });

  test('signs, separators and non-ASCII letters are invalid characters', () => {
    expect(errorOf('-5s')).toBe('expected number at 0');
    expect(errorOf('+5s')).toBe('expected number at 0');
    expect(errorOf('5s-')).toBe('invalid character at 2');
    expect(errorOf('5m,10s')).toBe('invalid character at 2');
    expect(errorOf('5é')).toBe('invalid character at 1');
  });

  test('a unit without a number', () => {
    expect(errorOf('m')).toBe('expected number at 0');
    // The reported offset is where the whitespace before the letter began.
    expect(errorOf('5m  m')).toBe('expected number at 3');
    expect(errorOf('5 m s')).toBe('expected number at 4');
  });

  test('error offsets are UTF-8 byte offsets, as Rust reports them', () => {
    // U+3000 is one char but three bytes: the comma is char 3, byte 5.
    expect(errorOf('5\u3000s,')).toBe('invalid character at 5');
  });

  test('units humantime 2.1.0 does not know', () => {
    for (const unit of ['micros', 'msecs', 'nsecs', 'usecs', 'S', 'H', 'D', 'Ms', 'mo']) {
      expect(errorOf(`1${unit}`)).toContain(`unknown time unit "${unit}"`);
    }
  });

  test('u64 limits', () => {
    expect(nanosOf('18446744073709551615ns')).toBe(18_446_744_073_709_551_615n);
    expect(errorOf('18446744073709551616ns')).toBe('number is too large');
    expect(nanosOf('18446744073709551615s')).toBe(18_446_744_073_709_551_615n * S);
    expect(errorOf('18446744073709551615s 1s')).toBe('number is too large');
    // Rust's Duration::new would panic carrying the final whole second; MetaSrv cannot accept it.
    expect(errorOf('18446744073709551615s 999999999ns 1ns')).toBe('number is too large');
    expect(nanosOf('18446744073709551614s 999999999ns 1ns')).toBe(18_446_744_073_709_551_615n * S);
  });

  test('sub-second items carry into seconds', () => {
    expect(nanosOf('999ms 1ms')).toBe(duration(1));
    expect(nanosOf('1500ms 600ms')).toBe(duration(2, 100_000_000));
  });
});

describe('formatHumantimeDuration', () => {
  test.each([
    [0n, '0s'],
    [duration(300), '5m'],
    [duration(5410), '1h 30m 10s'],
    [duration(0, 500_000_000), '500ms'],
    [duration(31_557_600 + 2 * 2_630_016 + 86_400), '1year 2months 1day'],
    [duration(1, 1_001_001), '1s 1ms 1us 1ns'],
  ])('%s ns -> %s', (nanos, text) => {
    expect(formatHumantimeDuration(nanos)).toBe(text);
  });

  test('rejects negative values', () => {
    expect(() => formatHumantimeDuration(-1n)).toThrow(RangeError);
  });
});
