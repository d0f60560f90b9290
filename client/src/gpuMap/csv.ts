// The GPU map's numbers as CSV, one record per line: each cluster, each peering, each GPU pod running on a peering, and
// each GPU pod waiting. Fields are quoted as RFC 4180 says, and text that a spreadsheet would run as a formula is
// prefixed with an apostrophe.
import type { GpuMap } from './model';

const header = ['record', 'cluster', 'peer', 'namespace', 'pod', 'own_gpus', 'granted', 'virtual_node_capacity', 'in_use', 'idle', 'requested'];

function field(v: string | number | undefined): string {
  if (v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function gpuMapCsv(map: GpuMap): string {
  const rows: (string | number | undefined)[][] = [header];
  for (const c of map.clusters) rows.push(['cluster', c.clusterID, '', '', '', c.ownGpus, c.lent, '', c.lentInUse, c.idle, '']);
  for (const e of map.edges) {
    rows.push(['peering', e.consumer, e.provider, '', '', '', e.granted, e.capacity, e.inUse, Math.max(0, e.granted - e.inUse), '']);
    for (const p of e.pods) rows.push(['pod', e.consumer, e.provider, p.namespace, p.name, '', '', '', p.gpus, '', p.gpus]);
  }
  for (const c of map.clusters) for (const p of c.waiting) rows.push(['waiting', c.clusterID, '', p.namespace, p.name, '', '', '', '', '', p.gpus]);
  return `${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
