/**
 * The tabs of one browser share one push stream (issue 14): the tab holding the Web Lock
 * opens it and relays every event; when that tab closes, a waiting tab takes the lock and
 * opens the stream in its place. Web Locks, BroadcastChannel and EventSource are replaced by
 * in-memory stand-ins that behave as the browser's do between tabs of one origin.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedPushStream } from './shared-push-stream';

class FakeChannel {
  static readonly open = new Set<FakeChannel>();
  onmessage: ((message: MessageEvent<unknown>) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.open.add(this);
  }
  postMessage(data: unknown): void {
    // Like a browser: every other channel of the name, never the sender, after this task.
    for (const other of FakeChannel.open) {
      if (other === this || other.name !== this.name) continue;
      queueMicrotask(() => other.onmessage?.({ data } as MessageEvent<unknown>));
    }
  }
  close(): void {
    FakeChannel.open.delete(this);
  }
}

class FakeLocks {
  private holder: string | null = null;
  private readonly waiting: { name: string; grant: () => void }[] = [];
  request(
    name: string,
    options: { signal: AbortSignal },
    callback: () => Promise<void> | undefined,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        this.holder = name;
        void Promise.resolve(callback()).then(() => {
          this.holder = null;
          resolve();
          this.waiting.shift()?.grant();
        });
      };
      if (this.holder === null) {
        grant();
        return;
      }
      const entry = { name, grant };
      this.waiting.push(entry);
      options.signal.addEventListener('abort', () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}

class FakeEventSource {
  static readonly all: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  isClosed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<unknown>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(kind: string, listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.set(kind, [...(this.listeners.get(kind) ?? []), listener]);
  }
  close(): void {
    this.isClosed = true;
  }
  emit(kind: string, data: string): void {
    for (const listener of this.listeners.get(kind) ?? []) {
      listener({ data } as MessageEvent<unknown>);
    }
  }
  static openOnes(): FakeEventSource[] {
    return FakeEventSource.all.filter((source) => !source.isClosed);
  }
}

function tab() {
  const events: string[] = [];
  const live: boolean[] = [];
  const stream = new SharedPushStream({
    clusterId: 'default',
    onEvent: (data) => events.push(data),
    onLive: (isLive) => live.push(isLive),
  });
  return { stream, events, live };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeChannel.open.clear();
  FakeEventSource.all.length = 0;
  vi.stubGlobal('BroadcastChannel', FakeChannel);
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('navigator', { locks: new FakeLocks() });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('one push stream shared by the tabs of a browser', () => {
  it('one tab opens the stream for every tab’s tables, and relays each event to the others', async () => {
    const first = tab();
    const second = tab();
    first.stream.setInterests({ tableIds: ['1024'], isClusterView: false });
    second.stream.setInterests({ tableIds: ['1025'], isClusterView: true });
    await vi.advanceTimersByTimeAsync(500);

    const [source, ...others] = FakeEventSource.openOnes();
    expect(others).toEqual([]);
    expect(source?.url).toBe('/api/clusters/default/events?tables=1024%2C1025&view=cluster');
    source?.onopen?.();
    source?.emit('plan-progress', '{"kind":"plan-progress"}');
    await vi.advanceTimersByTimeAsync(0);

    expect(first.events).toEqual(['{"kind":"plan-progress"}']);
    expect(second.events).toEqual(['{"kind":"plan-progress"}']);
    expect(second.live.at(-1)).toBe(true);
  });

  it('when the tab holding the stream closes, another tab opens it for what it shows', async () => {
    const first = tab();
    const second = tab();
    first.stream.setInterests({ tableIds: ['1024'], isClusterView: false });
    second.stream.setInterests({ tableIds: ['1025'], isClusterView: false });
    await vi.advanceTimersByTimeAsync(500);
    const [before] = FakeEventSource.openOnes();

    first.stream.close();
    await vi.advanceTimersByTimeAsync(500);

    expect(before?.isClosed).toBe(true);
    const after = FakeEventSource.openOnes();
    expect(after.map((source) => source.url)).toEqual(['/api/clusters/default/events?tables=1025']);
    after[0]?.onopen?.();
    after[0]?.emit('leader-changed', '{"kind":"leader-changed"}');
    expect(second.events).toEqual(['{"kind":"leader-changed"}']);
    expect(second.live.at(-1)).toBe(true);
    expect(first.events).toEqual([]);
    second.stream.close();
  });

  it('a tab that closes while waiting for the stream never opens one', async () => {
    const first = tab();
    const second = tab();
    second.stream.close();
    await vi.advanceTimersByTimeAsync(500);
    first.stream.close();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeEventSource.all).toHaveLength(1);
    expect(FakeEventSource.openOnes()).toEqual([]);
  });
});
