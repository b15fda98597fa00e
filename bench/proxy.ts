/**
 * The proxy's own cost: p50 of sequential route reads through the console server vs straight
 * at the emulator's leader, interleaved in the same run so both see the same machine.
 */
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { resetDemo } from './cluster.ts';
import { settings } from './config.ts';
import { median, ms, report } from './report.ts';

export async function benchProxy(control: ClusterControl) {
  await resetDemo(control);
  const leader = (await control.state()).leader?.addr;
  if (leader === undefined) throw new Error('no leader');
  const viaProxy = `${settings.base}/api/clusters/default/route?table_id=1028`;
  const direct = `http://${leader}/admin/route?table_id=1028`;
  const time = async (url: string) => {
    const start = performance.now();
    const answer = await fetch(url);
    await answer.arrayBuffer();
    if (!answer.ok) throw new Error(`${url}: ${String(answer.status)}`);
    return performance.now() - start;
  };
  for (let i = 0; i < 50; i += 1) {
    await time(viaProxy);
    await time(direct);
  }
  const proxied: number[] = [];
  const straight: number[] = [];
  for (let i = 0; i < 400; i += 1) {
    proxied.push(await time(viaProxy));
    straight.push(await time(direct));
  }
  const overhead = median(proxied) - median(straight);
  report('route read p50, through the proxy', ms(median(proxied)));
  report('route read p50, straight at the emulator', ms(median(straight)));
  report('proxy overhead p50', ms(overhead), '≤ 1 ms', overhead <= 1);
}
