/**
 * One MetaSrv node's port: the admin API of the emulated version (v0.6/v0.7 admin, or the
 * deprecated tonic admin router v1.1.4 still mounts on the gRPC port) on the shared listener.
 */
import { isSqlApi } from '../model/types.ts';
import type { EmulatorRuntime } from '../runtime.ts';
import { HttpListener } from './http-listener.ts';
import { handleAdminRequest } from './legacy-admin.ts';
import { handleSqlTonicAdmin } from './sql-admin.ts';

export function createMetasrvListener(
  runtime: EmulatorRuntime,
  index: number,
  host: string,
): HttpListener {
  return new HttpListener(runtime, index, host, (exchange) => {
    const api = runtime.api;
    return isSqlApi(api)
      ? handleSqlTonicAdmin(runtime.cluster, exchange, api)
      : handleAdminRequest({ cluster: runtime.cluster, api, nodeIndex: index }, exchange.target);
  });
}
