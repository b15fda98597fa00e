/**
 * One push stream per browser and cluster, shared by every tab (issue 14): over HTTP/1.1 a
 * browser opens at most 6 connections to one origin, so a stream per tab would leave the
 * seventh tab unable to load anything.
 *
 * The tabs elect one leader with the Web Locks API: the tab holding the lock opens the
 * EventSource and relays each event's data over a BroadcastChannel. When it closes, the lock
 * passes to a waiting tab, which opens the stream in turn. Each tab tells the leader what it
 * shows (its tables, whether a cluster view is open), and the leader asks the server for the
 * union, reopening the stream when it changes: the server polls only what some tab shows.
 *
 * Where the browser lacks Web Locks or BroadcastChannel, each tab opens its own stream.
 */
import { pushEventsUrl, type PushInterests } from '../api/push-events-api';
import { PUSH_EVENT_KINDS } from '../../contract/push-events';

/** Interests of several tabs arrive together when a page loads; one reopen serves them all. */
const REOPEN_DELAY_MS = 200;

type ChannelMessage =
  | { type: 'interests'; tabId: string; interests: PushInterests }
  | { type: 'bye'; tabId: string }
  /** A new leader asks every tab what it shows. */
  | { type: 'hello' }
  | { type: 'event'; data: string }
  | { type: 'live'; isLive: boolean };

export interface SharedPushStreamOptions {
  clusterId: string;
  /** Each event's `data` line, in every tab (parsed by the receiver). */
  onEvent: (data: string) => void;
  /** Whether the stream is open and delivering (polling can slow down meanwhile). */
  onLive: (isLive: boolean) => void;
}

function isChannelMessage(value: unknown): value is ChannelMessage {
  return typeof value === 'object' && value !== null && 'type' in value;
}

function unionOf(all: Iterable<PushInterests>): PushInterests {
  const tableIds = new Set<string>();
  let isClusterView = false;
  for (const interests of all) {
    for (const tableId of interests.tableIds) tableIds.add(tableId);
    isClusterView ||= interests.isClusterView;
  }
  return { tableIds: [...tableIds].sort(), isClusterView };
}

export class SharedPushStream {
  private readonly tabId = crypto.randomUUID();
  private readonly channel: BroadcastChannel | null;
  private readonly stopLock = new AbortController();
  private releaseLock: (() => void) | null = null;
  private interests: PushInterests = { tableIds: [], isClusterView: false };
  /** Other tabs' interests, known to the leader. */
  private readonly peers = new Map<string, PushInterests>();
  private source: EventSource | null = null;
  private sourceUrl: string | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private isLeader = false;
  private isLive = false;
  private isClosed = false;

  constructor(private readonly options: SharedPushStreamOptions) {
    const canShare = typeof BroadcastChannel === 'function' && 'locks' in navigator;
    this.channel = canShare
      ? new BroadcastChannel(`region-console:push:${options.clusterId}`)
      : null;
    if (this.channel === null) {
      this.lead();
      return;
    }
    this.channel.onmessage = (message: MessageEvent<unknown>) => {
      if (isChannelMessage(message.data)) this.receive(message.data);
    };
    navigator.locks
      .request(`region-console:push:${options.clusterId}`, { signal: this.stopLock.signal }, () => {
        if (this.isClosed) return undefined;
        this.lead();
        return new Promise<void>((resolve) => (this.releaseLock = resolve));
      })
      // An abort while still waiting for the lock (the tab closed): nothing to undo.
      .catch(() => undefined);
  }

  /** What this tab shows; the leader's stream follows the union of every tab's. */
  setInterests(interests: PushInterests): void {
    this.interests = interests;
    if (this.isLeader) this.scheduleReopen();
    else this.post({ type: 'interests', tabId: this.tabId, interests });
  }

  close(): void {
    this.isClosed = true;
    this.stopLock.abort();
    this.releaseLock?.();
    if (this.reopenTimer !== null) clearTimeout(this.reopenTimer);
    this.source?.close();
    this.post({ type: 'bye', tabId: this.tabId });
    this.channel?.close();
  }

  private lead(): void {
    this.isLeader = true;
    this.peers.clear();
    this.post({ type: 'hello' });
    this.reopen();
  }

  private receive(message: ChannelMessage): void {
    switch (message.type) {
      case 'hello':
        this.post({ type: 'interests', tabId: this.tabId, interests: this.interests });
        return;
      case 'interests':
        if (!this.isLeader) return;
        this.peers.set(message.tabId, message.interests);
        this.post({ type: 'live', isLive: this.isLive });
        this.scheduleReopen();
        return;
      case 'bye':
        if (this.isLeader && this.peers.delete(message.tabId)) this.scheduleReopen();
        return;
      case 'event':
        if (!this.isLeader) this.options.onEvent(message.data);
        return;
      case 'live':
        if (!this.isLeader) this.options.onLive(message.isLive);
        return;
    }
  }

  private scheduleReopen(): void {
    if (this.reopenTimer !== null) return;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      this.reopen();
    }, REOPEN_DELAY_MS);
  }

  /** Opens the stream for the current union, unless the open one already asks for it. */
  private reopen(): void {
    if (this.isClosed || typeof EventSource !== 'function') return;
    const url = pushEventsUrl(
      this.options.clusterId,
      unionOf([this.interests, ...this.peers.values()]),
    );
    if (url === this.sourceUrl && this.source !== null) return;
    this.source?.close();
    this.sourceUrl = url;
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.setLive(true);
    };
    // EventSource reconnects by itself (after the server's `retry:`); until then, poll.
    source.onerror = () => {
      this.setLive(false);
    };
    for (const kind of PUSH_EVENT_KINDS) {
      source.addEventListener(kind, (event: MessageEvent<unknown>) => {
        if (typeof event.data !== 'string') return;
        this.options.onEvent(event.data);
        this.post({ type: 'event', data: event.data });
      });
    }
  }

  private setLive(isLive: boolean): void {
    this.isLive = isLive;
    this.options.onLive(isLive);
    this.post({ type: 'live', isLive });
  }

  private post(message: ChannelMessage): void {
    this.channel?.postMessage(message);
  }
}
