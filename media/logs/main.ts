// The log viewer inside its webview: renders the lines the host sends, bounded to maxLines, with a filter,
// timestamps, wrap, follow (auto-scroll), stop, save and clear. Lines are only ever set as text, never parsed as
// HTML. Each row holds its timestamp and its text in two spans; the filter looks at the text.
import { compileFilter, type LineFilter } from './filter';
import type { FromView, LogEntry, StreamState, ToView } from './protocol';

interface VsCodeApi {
  postMessage(message: FromView): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  filter: string;
  invert: boolean;
  wrap: boolean;
  timestamps: boolean;
}

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const lines = byId<HTMLDivElement>('lines');
const filterInput = byId<HTMLInputElement>('filter');
const invert = byId<HTMLInputElement>('invert');
const wrap = byId<HTMLInputElement>('wrap');
const timestamps = byId<HTMLInputElement>('timestamps');
const follow = byId<HTMLInputElement>('follow');
const stop = byId<HTMLButtonElement>('stop');
const save = byId<HTMLButtonElement>('save');
const clear = byId<HTMLButtonElement>('clear');
const status = byId<HTMLSpanElement>('status');

let maxLines = 10_000;
let dropped = 0;
let state: StreamState = 'streaming';
let shown = 0;

const saved = vscode.getState() as ViewState | undefined;
if (saved) {
  filterInput.value = saved.filter;
  invert.checked = saved.invert;
  wrap.checked = saved.wrap;
  timestamps.checked = saved.timestamps;
}
let filter: LineFilter = compileFilter({ text: filterInput.value, invert: invert.checked });

function remember(): void {
  vscode.setState({ filter: filterInput.value, invert: invert.checked, wrap: wrap.checked, timestamps: timestamps.checked } satisfies ViewState);
}

function render(entry: LogEntry): HTMLDivElement {
  const row = document.createElement('div');
  row.className = entry.notice ? 'line notice' : 'line';
  if (entry.ts) {
    const ts = document.createElement('span');
    ts.className = 'ts';
    ts.textContent = `${entry.ts} `;
    row.appendChild(ts);
  }
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = entry.text;
  row.appendChild(text);
  if (!filter.test(entry.text)) row.hidden = true;
  else shown++;
  return row;
}

const textOf = (row: Element): string => row.querySelector('.text')?.textContent ?? '';

/** A row as it reads on screen: with its timestamp when they show. */
function shownText(row: Element): string {
  const ts = timestamps.checked ? row.querySelector('.ts')?.textContent ?? '' : '';
  return `${ts}${textOf(row)}`;
}

function trim(): void {
  while (lines.childElementCount > maxLines) {
    const first = lines.firstElementChild as HTMLElement | null;
    if (!first) break;
    if (!first.hidden) shown--;
    first.remove();
  }
}

function showStatus(): void {
  const total = lines.childElementCount;
  const parts = [state, `${total} line${total === 1 ? '' : 's'}`];
  if (dropped) parts.push(`${dropped} older dropped`);
  if (!filter.all) parts.push(`${shown} shown`);
  status.textContent = filter.error ? `${parts.join(' · ')} · filter: ${filter.error}` : parts.join(' · ');
  status.classList.toggle('error', Boolean(filter.error));
  stop.disabled = state !== 'streaming';
  lines.classList.toggle('wrap', wrap.checked);
  lines.classList.toggle('no-ts', !timestamps.checked);
}

function append(entries: LogEntry[]): void {
  const frag = document.createDocumentFragment();
  for (const e of entries) frag.appendChild(render(e));
  lines.appendChild(frag);
  trim();
  if (follow.checked) lines.scrollTop = lines.scrollHeight;
  showStatus();
}

function refilter(): void {
  filter = compileFilter({ text: filterInput.value, invert: invert.checked });
  shown = 0;
  for (const row of Array.from(lines.children) as HTMLElement[]) {
    row.hidden = !filter.test(textOf(row));
    if (!row.hidden) shown++;
  }
  if (follow.checked) lines.scrollTop = lines.scrollHeight;
  remember();
  showStatus();
}

window.addEventListener('message', (event: MessageEvent<ToView>) => {
  const m = event.data;
  switch (m.type) {
    case 'reset':
      // The stream's own choice applies until the user has chosen in this view.
      if (!saved) timestamps.checked = m.timestamps;
      maxLines = m.maxLines;
      dropped = m.dropped;
      state = m.state;
      lines.replaceChildren();
      shown = 0;
      append(m.entries);
      break;
    case 'append':
      dropped = m.dropped;
      append(m.entries);
      break;
    case 'state':
      state = m.state;
      showStatus();
      break;
  }
});

filterInput.addEventListener('input', refilter);
invert.addEventListener('change', refilter);
wrap.addEventListener('change', () => { remember(); showStatus(); });
timestamps.addEventListener('change', () => { remember(); showStatus(); });
follow.addEventListener('change', () => { if (follow.checked) lines.scrollTop = lines.scrollHeight; });
// Scrolling up to read pauses following; scrolling back to the end resumes it.
lines.addEventListener('scroll', () => {
  follow.checked = lines.scrollHeight - lines.scrollTop - lines.clientHeight < 4;
});
stop.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
clear.addEventListener('click', () => {
  lines.replaceChildren();
  shown = 0;
  dropped = 0;
  vscode.postMessage({ type: 'clear' });
  showStatus();
});
save.addEventListener('click', () => {
  const visible = filter.all ? undefined : (Array.from(lines.children) as HTMLElement[]).filter((r) => !r.hidden).map(shownText);
  vscode.postMessage(visible ? { type: 'save', timestamps: timestamps.checked, lines: visible } : { type: 'save', timestamps: timestamps.checked });
});
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
    e.preventDefault();
    filterInput.focus();
    filterInput.select();
  }
});

showStatus();
vscode.postMessage({ type: 'ready' });
