export type ExportFormat = 'csv' | 'json';

const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
};

/**
 * A download of rows built in the browser: the text as a data: URL, saved as
 * `<kind>-<cluster>-<UTC time>.<format>` (no colons, which some file systems refuse).
 */
export function dataExportLink(
  kind: string,
  clusterId: string,
  format: ExportFormat,
  text: string,
): { href: string; download: string } {
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');
  return {
    href: `data:${MEDIA_TYPES[format]};charset=utf-8,${encodeURIComponent(text)}`,
    download: `${kind}-${clusterId}-${stamp}.${format}`,
  };
}
