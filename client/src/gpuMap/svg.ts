// Lays the GPU map out and draws it as SVG: consumers on the left, providers on the right, each peering's numbers and
// pods in a label between them. The same drawing is shown in the panel (styled by the theme's colours through CSS
// classes) and exported (with a fixed palette inside the file). Every text is escaped; every item that has a tree item
// is focusable, with its tree id in data-tree.
import type { GpuMap, MapCluster, MapEdge, MapPod } from './model';

const BOX_W = 300;
const LEFT_X = 20;
const MID_X = 360;
const MID_W = 380;
const RIGHT_X = 780;
/** About the width of a character of 13px text, to cut lines that would leave their box. */
const CHAR_W = 7.2;
const LINE = 18;
const PAD = 10;
const GAP = 24;
export const mapWidth = RIGHT_X + BOX_W + 20;

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const gpus = (n: number): string => (n === 1 ? '1 GPU' : `${n} GPUs`);

interface Line { text: string; cls: string; tree?: string; label?: string }

function clusterLines(c: MapCluster): Line[] {
  const lines: Line[] = [{ text: c.clusterID, cls: 'title' }];
  lines.push({ text: c.context ? `via ${c.context}` : 'not in the kubeconfig', cls: 'dim' });
  if (c.ownGpus !== undefined) lines.push({ text: `own: ${gpus(c.ownGpus)}${c.gpuNodes.length ? ` on ${c.gpuNodes.join(', ')}` : ''}`, cls: 'text' });
  if (c.lent > 0) {
    lines.push({ text: `lends ${gpus(c.lent)}: ${c.lentInUse} in use`, cls: 'text' });
    if (c.idle !== undefined) lines.push({ text: `idle (no consumer uses): ${gpus(c.idle)}`, cls: c.idle > 0 ? 'idle' : 'text' });
  }
  for (const p of c.waiting) {
    lines.push({ text: `waiting: ${p.namespace}/${p.name} · ${gpus(p.gpus)}`, cls: 'waiting', tree: p.treeId, label: `${p.namespace}/${p.name} waits for ${gpus(p.gpus)} on ${c.clusterID}` });
  }
  return lines;
}

function edgeLines(e: MapEdge): Line[] {
  const lines: Line[] = [
    { text: `${e.consumer} → ${e.provider}`, cls: 'title' },
    { text: `granted ${e.granted} · on node ${e.capacity} · in use ${e.inUse}`, cls: 'text' },
  ];
  for (const p of e.pods) lines.push(podLine(p, e), { text: `   ${gpus(p.gpus)} · ${p.phase}`, cls: 'dim' });
  if (!e.pods.length) lines.push({ text: 'no GPU pod running', cls: 'dim' });
  return lines;
}

function podLine(p: MapPod, e: MapEdge): Line {
  return { text: `${p.namespace}/${p.name}`, cls: 'pod', tree: p.treeId,
    label: `${p.namespace}/${p.name} uses ${gpus(p.gpus)} of ${e.provider} for ${e.consumer}` };
}

interface Box { x: number; y: number; w: number; h: number; lines: Line[]; tree?: string; label: string; kind: 'cluster' | 'edge' }

function box(x: number, y: number, w: number, lines: Line[], kind: Box['kind'], label: string, tree?: string): Box {
  return { x, y, w, h: PAD * 2 + lines.length * LINE, lines, tree, label, kind };
}

export interface Layout { width: number; height: number; boxes: Box[]; links: { d: string; cls: string }[] }

export function layoutMap(map: GpuMap): Layout {
  const providers = new Set(map.edges.map((e) => e.provider));
  const col = (c: MapCluster): 'left' | 'right' => (providers.has(c.clusterID) ? 'right' : 'left');
  const ys = { left: GAP, right: GAP };
  const boxes = new Map<string, Box>();
  for (const c of map.clusters) {
    const side = col(c);
    const b = box(side === 'left' ? LEFT_X : RIGHT_X, ys[side], BOX_W, clusterLines(c), 'cluster', `cluster ${c.clusterID}`, c.treeId);
    ys[side] += b.h + GAP;
    boxes.set(c.clusterID, b);
  }
  const labels: Box[] = [];
  const links: Layout['links'] = [];
  let midY = GAP;
  for (const e of map.edges) {
    const from = boxes.get(e.consumer);
    const to = boxes.get(e.provider);
    if (!from || !to) continue;
    const lines = edgeLines(e);
    const want = (from.y + from.h / 2 + to.y + to.h / 2) / 2 - (PAD + lines.length * LINE / 2);
    const b = box(MID_X, Math.max(midY, want), MID_W, lines, 'edge', `peering ${e.consumer} to ${e.provider}: granted ${e.granted}, on the virtual node ${e.capacity}, in use ${e.inUse}`, e.treeId);
    midY = b.y + b.h + GAP;
    labels.push(b);
    const fy = from.y + from.h / 2;
    const ty = to.y + to.h / 2;
    const ly = b.y + b.h / 2;
    const fx = from.x === LEFT_X ? from.x + from.w : from.x;
    links.push({ d: `M${fx},${fy} C${(fx + MID_X) / 2},${fy} ${(fx + MID_X) / 2},${ly} ${MID_X},${ly}`, cls: 'link' });
    links.push({ d: `M${MID_X + MID_W},${ly} C${(MID_X + MID_W + RIGHT_X) / 2},${ly} ${(MID_X + MID_W + RIGHT_X) / 2},${ty} ${RIGHT_X - 6},${ty}`, cls: 'link arrow' });
  }
  const all = [...boxes.values(), ...labels];
  const height = Math.max(120, ...all.map((b) => b.y + b.h + GAP));
  return { width: mapWidth, height, boxes: all, links };
}

function drawBox(b: Box): string {
  const rows = b.lines.map((l, i) => {
    const y = b.y + PAD + LINE * (i + 1) - 5;
    const max = Math.floor((b.w - 2 * PAD) / CHAR_W) - (l.cls === 'title' ? 4 : 0);
    const text = `<text x="${b.x + PAD}" y="${y}" class="${l.cls}">${esc(cut(l.text, max))}<title>${esc(l.text)}</title></text>`;
    return l.tree ? `<g class="hit row" tabindex="0" role="button" data-tree="${esc(l.tree)}" aria-label="${esc(l.label ?? l.text)}">${text}</g>` : text;
  }).join('');
  const rect = `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" class="${b.kind}"/>`;
  // The box is focusable as a whole when it has a tree item; its pod rows are focusable on their own.
  const head = b.tree ? `<g class="hit ${b.kind}-hit" tabindex="0" role="button" data-tree="${esc(b.tree)}" aria-label="${esc(b.label)}">${rect}</g>` : rect;
  return `<g class="${b.kind}-group">${head}${rows}</g>`;
}

/** The fixed palette of an exported file, which has no theme to read. */
const exportStyle = `text{font:13px sans-serif;fill:#1f1f1f}.title{font-weight:bold}.dim{fill:#6b6b6b}.idle{fill:#8a5a00}.waiting{fill:#b3261e}
.pod{fill:#0b57d0}rect.cluster{fill:#f3f6fc;stroke:#5f6368}rect.edge{fill:#fff;stroke:#0b57d0}.link{fill:none;stroke:#5f6368;stroke-width:1.5}
.arrow{marker-end:url(#arrow)}#arrow path{fill:#5f6368}`;

export function renderSvg(map: GpuMap, opts: { standalone: boolean }): string {
  const l = layoutMap(map);
  const empty = !map.clusters.length
    ? `<text x="${LEFT_X}" y="60" class="dim">No cluster is connected: check the kubeconfig and the Liqo view.</text>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" role="group" aria-label="GPU map">`,
    opts.standalone ? `<style>${exportStyle}</style>` : '',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...l.links.map((k) => `<path d="${k.d}" class="${k.cls}"/>`),
    ...l.boxes.map(drawBox),
    empty,
    '</svg>',
  ].join('');
}
