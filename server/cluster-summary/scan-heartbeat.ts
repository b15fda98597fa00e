/**
 * Finds the stats in a `/admin/heartbeat` body (Stat[][]) without parsing all of it. At 100k
 * regions the body is ~120 MB (10 stats per datanode on v0.7, 3 on v1), and only the newest
 * stat of each datanode is used: JSON.parse of the whole body alone took seconds. This scanner
 * walks the bytes once, checks the outer structure (an array of arrays of objects, strings
 * closed, brackets balanced), and reads each stat's own `timestamp_millis`; the summarizer then
 * parses and validates only the chosen stats. The older stats' other fields are never used,
 * so they are only scanned, not validated.
 *
 * Working on UTF-8 bytes is safe: every byte of a multi-byte character is >= 0x80, so it can
 * never be mistaken for a quote, bracket or backslash.
 */
export interface StatSlice {
  /** Byte offsets of the stat object in the body: [start, end). */
  start: number;
  end: number;
  timestampMs: number;
}

export type ScanResult = { ok: true; histories: StatSlice[][] } | { ok: false; problem: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const TIMESTAMP_KEY = Buffer.from('"timestamp_millis"');

class ScanError extends Error {}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function scanHeartbeat(body: Uint8Array): ScanResult {
  try {
    return { ok: true, histories: new Scanner(body).scan() };
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, problem: error.message };
    throw error;
  }
}

class Scanner {
  private i = 0;

  constructor(private readonly bytes: Uint8Array) {}

  scan(): StatSlice[][] {
    const histories: StatSlice[][] = [];
    this.expect(OPEN_ARRAY, 'heartbeat body is not Stat[][]');
    if (!this.closes(CLOSE_ARRAY)) {
      for (;;) {
        histories.push(this.history());
        if (this.separator(CLOSE_ARRAY)) break;
      }
    }
    this.skipSpace();
    if (this.i !== this.bytes.length) throw new ScanError('heartbeat body has trailing bytes');
    return histories;
  }

  private history(): StatSlice[] {
    const stats: StatSlice[] = [];
    this.expect(OPEN_ARRAY, 'heartbeat body is not Stat[][]');
    if (this.closes(CLOSE_ARRAY)) return stats;
    for (;;) {
      stats.push(this.stat());
      if (this.separator(CLOSE_ARRAY)) return stats;
    }
  }

  /**
   * One stat object; its own (depth-1) `timestamp_millis` is read on the way. The hot loop of
   * the whole summary (every byte of the body passes here), so it keeps its state in locals.
   */
  private stat(): StatSlice {
    this.skipSpace();
    const start = this.i;
    this.expect(OPEN_OBJECT, 'a stat is not an object');
    const { bytes } = this;
    const length = bytes.length;
    let i = this.i;
    let depth = 1;
    let isKeyNext = true;
    let isTimestampNext = false;
    let timestampMs: number | null = null;
    let last = OPEN_OBJECT;
    while (depth > 0) {
      if (i >= length) throw new ScanError('heartbeat body ends inside a stat');
      const byte = bytes[i] ?? 0;
      i += 1;
      if (byte === QUOTE) {
        const keyStart = i - 1;
        for (;;) {
          if (i >= length) throw new ScanError('heartbeat body ends inside a string');
          const inner = bytes[i] ?? 0;
          i += 1;
          if (inner === QUOTE) break;
          if (inner === BACKSLASH) i += 1;
        }
        if (depth === 1 && isKeyNext) {
          isKeyNext = false;
          isTimestampNext = this.isTimestampKey(keyStart, i);
        }
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        depth += 1;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth -= 1;
        last = byte;
      } else if (depth === 1 && byte === COMMA) {
        isKeyNext = true;
      } else if (depth === 1 && byte === COLON && isTimestampNext) {
        this.i = i;
        timestampMs = this.number();
        i = this.i;
        isTimestampNext = false;
      }
    }
    this.i = i;
    if (last !== CLOSE_OBJECT) throw new ScanError('a stat is not an object');
    if (timestampMs === null) throw new ScanError('a stat has no timestamp_millis');
    return { start, end: i, timestampMs };
  }

  private isTimestampKey(start: number, end: number): boolean {
    if (end - start !== TIMESTAMP_KEY.length) return false;
    for (let k = 0; k < TIMESTAMP_KEY.length; k += 1) {
      if (this.bytes[start + k] !== TIMESTAMP_KEY[k]) return false;
    }
    return true;
  }

  /** A JSON number right after a colon; anything else is not a timestamp. */
  private number(): number {
    this.skipSpace();
    const start = this.i;
    const { bytes } = this;
    for (;;) {
      const byte = bytes[this.i];
      if (byte === undefined || byte === COMMA || byte === CLOSE_OBJECT || isSpace(byte)) break;
      this.i += 1;
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, this.i - start).toString();
    const value = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) throw new ScanError('a stat has no timestamp_millis');
    return value;
  }

  private skipSpace(): void {
    while (isSpace(this.bytes[this.i])) this.i += 1;
  }

  private expect(byte: number, problem: string): void {
    this.skipSpace();
    if (this.bytes[this.i] !== byte) throw new ScanError(problem);
    this.i += 1;
  }

  /** True (and consumed) when the next byte closes the container. */
  private closes(byte: number): boolean {
    this.skipSpace();
    if (this.bytes[this.i] !== byte) return false;
    this.i += 1;
    return true;
  }

  /** After an element: true at the closing bracket, false after a comma. */
  private separator(close: number): boolean {
    if (this.closes(close)) return true;
    this.expect(COMMA, 'heartbeat body is not Stat[][]');
    return false;
  }
}
