/**
 * The push stream's URL, read back the way the server reads it: its query through the
 * contract's PushStreamQuerySchema, the one the server answers 400 with when it refuses.
 */
import { describe, expect, it } from 'vitest';
import { PushStreamQuerySchema } from '../../contract/push-events';
import { pushEventsUrl } from './push-events-api';

function queryOf(url: string) {
  // Only the query is read; the base is a placeholder, never a request target.
  return PushStreamQuerySchema.safeParse(
    Object.fromEntries(new URL(url, 'http://console.invalid').searchParams),
  );
}

describe('pushEventsUrl', () => {
  it('a cluster view with no table on screen asks for the view alone, and the server accepts it', () => {
    const url = pushEventsUrl('default', { tableIds: [], isClusterView: true });
    expect(url).toBe('/api/clusters/default/events?view=cluster');
    expect(queryOf(url)).toMatchObject({ success: true, data: { view: 'cluster' } });
  });

  it('names the tables on screen and the cluster view, as the server reads them', () => {
    const url = pushEventsUrl('default', { tableIds: ['1024', '1025'], isClusterView: true });
    expect(queryOf(url)).toMatchObject({
      success: true,
      data: { tables: ['1024', '1025'], view: 'cluster' },
    });
  });

  it('asks for nothing when nothing is shown', () => {
    const url = pushEventsUrl('default', { tableIds: [], isClusterView: false });
    expect(url).toBe('/api/clusters/default/events');
    expect(queryOf(url)).toMatchObject({ success: true, data: {} });
  });

  it('the server still refuses an id that is not one', () => {
    expect(queryOf('/api/clusters/default/events?tables=1024,x').success).toBe(false);
  });
});
