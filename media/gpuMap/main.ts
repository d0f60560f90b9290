// The GPU map inside its webview: shows the SVG the host drew and a table of the same numbers, and turns clicks and
// Enter/Space on any item with a tree id into "reveal it in the tree". The SVG is parsed as XML (never run), the table
// is built from text nodes.
import type { FromView, MapRow, ToView } from './protocol';

interface VsCodeApi { postMessage(message: FromView): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const map = byId<HTMLDivElement>('map');
const table = byId<HTMLTableElement>('numbers');
const status = byId<HTMLSpanElement>('status');

function reveal(target: EventTarget | null): void {
  const el = target instanceof Element ? target.closest('[data-tree]') : null;
  const tree = el?.getAttribute('data-tree');
  if (tree) vscode.postMessage({ type: 'reveal', tree });
}

for (const root of [map, table]) {
  root.addEventListener('click', (e) => reveal(e.target));
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    reveal(e.target);
  });
}
byId<HTMLButtonElement>('exportSvg').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'svg' }));
byId<HTMLButtonElement>('exportCsv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));

function showSvg(svg: string): void {
  // Keep focus on the same item across updates, so keyboard users are not thrown back to the start.
  const focused = document.activeElement?.getAttribute('data-tree');
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg') return;
  map.replaceChildren(document.importNode(root, true));
  if (focused) map.querySelector<SVGElement>(`[data-tree="${CSS.escape(focused)}"]`)?.focus();
}

function showTable(header: string[], rows: MapRow[]): void {
  const head = document.createElement('tr');
  for (const h of header) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = rows.map((r) => {
    const tr = document.createElement('tr');
    for (const c of r.cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.append(td);
    }
    if (r.tree) {
      tr.dataset.tree = r.tree;
      tr.tabIndex = 0;
      tr.className = 'hit';
    }
    return tr;
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...body);
  table.replaceChildren(thead, tbody);
}

window.addEventListener('message', (e: MessageEvent<ToView>) => {
  const m = e.data;
  if (m.type !== 'update') return;
  showSvg(m.svg);
  showTable(m.header, m.rows);
  status.textContent = m.summary;
});

vscode.postMessage({ type: 'ready' });
