/**
 * Exact port of humantime 2.1.0 `parse_duration` (tailhook/humantime, src/duration.rs), the
 * parser MetaSrv applies to `replay_timeout`, so the dashboard accepts precisely what MetaSrv
 * accepts and rejects what it rejects. Odd corners kept on purpose, because MetaSrv has them:
 *  - whitespace (Unicode White_Space, Rust's `char::is_whitespace`) may appear anywhere
 *    between items and even inside a number: `1 0s` is 10 s;
 *  - a unit is a run of ASCII letters; `M` is months (30.44 d), `m` minutes;
 *    `nsec`/`usec`/`msec` exist, but `micros`, `msecs`, `sec.` do not;
 *  - anything else (`.`, `-`, `+`, `,`, non-ASCII letters, a BOM) is an invalid character;
 *  - arithmetic is u64 with overflow reported as "number is too large";
 *  - error offsets are UTF-8 byte offsets, as Rust reports them.
 * Error texts are humantime's `Display` strings, verbatim.
 */
export type DurationParseResult = { ok: true; nanos: bigint } | { ok: false; error: string };

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const NANOS_PER_SEC = 1_000_000_000n;

class HumantimeError extends Error {}

function checkedU64(value: bigint): bigint {
  if (value > U64_MAX) throw new HumantimeError('number is too large');
  return value;
}

const WHITESPACE = /^\p{White_Space}$/u;
const ASCII_LETTER = /^[A-Za-z]$/;

function digitValue(c: string): bigint | null {
  return c.length === 1 && c >= '0' && c <= '9' ? BigInt(c.charCodeAt(0) - 48) : null;
}

/** UTF-8 length of one code point (a lone surrogate counts 3, as WTF-8 would). */
function utf8Length(c: string): number {
  const cp = c.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** [seconds, nanoseconds] per unit; seconds-based units multiply seconds only, as in Rust. */
function unitScale(unit: string): { secs: bigint; nanos: bigint } | null {
  switch (unit) {
    case 'nanos':
    case 'nsec':
    case 'ns':
      return { secs: 0n, nanos: 1n };
    case 'usec':
    case 'us':
      return { secs: 0n, nanos: 1000n };
    case 'millis':
    case 'msec':
    case 'ms':
      return { secs: 0n, nanos: 1_000_000n };
    case 'seconds':
    case 'second':
    case 'secs':
    case 'sec':
    case 's':
      return { secs: 1n, nanos: 0n };
    case 'minutes':
    case 'minute':
    case 'min':
    case 'mins':
    case 'm':
      return { secs: 60n, nanos: 0n };
    case 'hours':
    case 'hour':
    case 'hr':
    case 'hrs':
    case 'h':
      return { secs: 3600n, nanos: 0n };
    case 'days':
    case 'day':
    case 'd':
      return { secs: 86_400n, nanos: 0n };
    case 'weeks':
    case 'week':
    case 'w':
      return { secs: 86_400n * 7n, nanos: 0n };
    case 'months':
    case 'month':
    case 'M':
      return { secs: 2_630_016n, nanos: 0n }; // 30.44 d
    case 'years':
    case 'year':
    case 'y':
      return { secs: 31_557_600n, nanos: 0n }; // 365.25 d
    default:
      return null;
  }
}

/** Mirrors humantime's `Parser`: a cursor over chars plus the running (secs, nanos). */
class Parser {
  private readonly chars: string[];
  /** UTF-8 byte offset of each char, plus the total length at the end. */
  private readonly byteOffsets: number[];
  private pos = 0;
  private secs = 0n;
  private nanos = 0n;

  constructor(src: string) {
    this.chars = Array.from(src);
    this.byteOffsets = [0];
    for (const c of this.chars)
      this.byteOffsets.push((this.byteOffsets.at(-1) ?? 0) + utf8Length(c));
  }

  /** Position of the next unread char (a char index; converted to bytes for messages). */
  private off(): number {
    return this.pos;
  }

  private bytes(index: number): number {
    return this.byteOffsets[index] ?? 0;
  }

  private next(): string | undefined {
    const c = this.chars[this.pos];
    if (c !== undefined) this.pos += 1;
    return c;
  }

  private parseFirstChar(): bigint | null {
    // The offset is taken before skipping whitespace, so the error points there (as in Rust).
    const off = this.off();
    for (let c = this.next(); c !== undefined; c = this.next()) {
      const digit = digitValue(c);
      if (digit !== null) return digit;
      if (WHITESPACE.test(c)) continue;
      throw new HumantimeError(`expected number at ${this.bytes(off)}`);
    }
    return null;
  }

  private parseUnit(n: bigint, start: number, end: number): void {
    const unit = this.chars.slice(start, end).join('');
    const scale = unitScale(unit);
    if (scale === null) {
      throw new HumantimeError(
        unit === ''
          ? `time unit needed, for example ${n}sec or ${n}ms`
          : `unknown time unit ${JSON.stringify(unit)}, supported units: ns, us, ms, sec, min, hours, days, weeks, months, years (and few variations)`,
      );
    }
    let secs = checkedU64(n * scale.secs);
    let nanos = checkedU64(this.nanos + checkedU64(n * scale.nanos));
    // `>` rather than `>=` is humantime's; an exact 1e9 stays in nanos until Duration::new.
    if (nanos > NANOS_PER_SEC) {
      secs = checkedU64(secs + nanos / NANOS_PER_SEC);
      nanos %= NANOS_PER_SEC;
    }
    this.secs = checkedU64(this.secs + secs);
    this.nanos = nanos;
  }

  parse(): bigint {
    let n = this.parseFirstChar();
    if (n === null) throw new HumantimeError('value was empty');
    for (;;) {
      // The number: digits, with whitespace ignored, up to the first letter.
      let off = this.off();
      for (let c = this.next(); c !== undefined; c = this.next()) {
        const digit = digitValue(c);
        if (digit !== null) {
          n = checkedU64(n * 10n + digit);
        } else if (ASCII_LETTER.test(c)) {
          break;
        } else if (!WHITESPACE.test(c)) {
          throw new HumantimeError(`invalid character at ${this.bytes(off)}`);
        }
        off = this.off();
      }
      // The unit: letters up to whitespace, a digit (next item) or the end.
      const start = off;
      off = this.off();
      let nextNumber: bigint | null = null;
      for (let c = this.next(); c !== undefined; c = this.next()) {
        const digit = digitValue(c);
        if (digit !== null) {
          nextNumber = digit;
          break;
        }
        if (WHITESPACE.test(c)) break;
        if (!ASCII_LETTER.test(c))
          throw new HumantimeError(`invalid character at ${this.bytes(off)}`);
        off = this.off();
      }
      this.parseUnit(n, start, off);
      if (nextNumber === null) nextNumber = this.parseFirstChar();
      if (nextNumber === null) return this.finish();
      n = nextNumber;
    }
  }

  private finish(): bigint {
    // Rust's Duration::new carries a whole 1e9 nanos into seconds and panics if that
    // overflows; MetaSrv cannot accept such a value, so it is reported as too large.
    const secs = checkedU64(this.secs + this.nanos / NANOS_PER_SEC);
    return secs * NANOS_PER_SEC + (this.nanos % NANOS_PER_SEC);
  }
}

export function parseHumantimeDuration(text: string): DurationParseResult {
  try {
    return { ok: true, nanos: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof HumantimeError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Largest value a Rust `Duration` holds. */
const MAX_DURATION_NANOS = U64_MAX * NANOS_PER_SEC + (NANOS_PER_SEC - 1n);

/**
 * humantime 2.1.0 `format_duration`: `1h 30m 10s`, `500ms`, `2years 1month 3days`, `0s`.
 * parseHumantimeDuration reads every output back to the same value.
 */
export function formatHumantimeDuration(nanos: bigint): string {
  if (nanos < 0n || nanos > MAX_DURATION_NANOS) {
    throw new RangeError(`duration out of range: ${nanos} ns`);
  }
  if (nanos === 0n) return '0s';
  const secs = nanos / NANOS_PER_SEC;
  const subsec = nanos % NANOS_PER_SEC;

  const years = secs / 31_557_600n;
  const ydays = secs % 31_557_600n;
  const months = ydays / 2_630_016n;
  const mdays = ydays % 2_630_016n;
  const days = mdays / 86_400n;
  const daySecs = mdays % 86_400n;

  const parts: string[] = [];
  const plural = (name: string, value: bigint) => {
    if (value > 0n) parts.push(`${value}${name}${value > 1n ? 's' : ''}`);
  };
  const item = (name: string, value: bigint) => {
    if (value > 0n) parts.push(`${value}${name}`);
  };
  plural('year', years);
  plural('month', months);
  plural('day', days);
  item('h', daySecs / 3600n);
  item('m', (daySecs % 3600n) / 60n);
  item('s', daySecs % 60n);
  item('ms', subsec / 1_000_000n);
  item('us', (subsec / 1000n) % 1000n);
  item('ns', subsec % 1000n);
  return parts.join(' ');
}

/**
 * migrate_region's 4th argument from the humantime a tracked-migration request carries on the
 * SQL path (`300s`): whole seconds, 1 to 86400; null otherwise. The server sends it and the
 * dialog's copyable command shows it.
 */
export function timeoutSecondsOf(replayTimeout: string): number | null {
  const parsed = parseHumantimeDuration(replayTimeout);
  if (!parsed.ok || parsed.nanos <= 0n || parsed.nanos % 1_000_000_000n !== 0n) return null;
  const seconds = Number(parsed.nanos / 1_000_000_000n);
  return seconds <= 86_400 ? seconds : null;
}
