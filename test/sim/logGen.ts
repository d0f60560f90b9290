// Deterministic container logs: line k of a container instance is computed from the pod, the container and k,
// with a timestamp derived from the instance start, so no timers run for containers nobody reads.
// Every line carries `seq=<n>`, increasing across the container's instances (previous, then current).

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : {});

export interface LogLine { ts: number; text: string }

export interface Instance {
  startedAt: number;
  finishedAt?: number; // terminated instances only
  firstSeq: number;
  gpu: boolean;
  podName: string;
  container: string;
}

export const PREVIOUS_LINES = 6;
const FRAME_LINES = 5;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Lines per tick: one for ordinary containers, a whole nvidia-smi frame for GPU containers. */
export const linesPerTick = (gpu: boolean): number => (gpu ? FRAME_LINES : 1);

function gpuLine(inst: Instance, tick: number, i: number, seq: number): string {
  const h = hash(`${inst.podName}/${tick}`);
  const util = 35 + (h % 60);
  const mem = 3000 + (h % 9000);
  const temp = 48 + (h % 30);
  const power = 90 + (h % 200);
  switch (i) {
    case 0: return `seq=${seq} +--- nvidia-smi frame ${tick} --- NVIDIA-SMI 550.54.15  Driver Version: 550.54.15  CUDA Version: 12.4 ---+`;
    case 1: return `seq=${seq} | GPU 0: NVIDIA A100-SXM4-40GB  Bus-Id 00000000:00:1E.0  Temp ${temp}C  Perf P0  Pwr ${power}W / 400W |`;
    case 2: return `seq=${seq} | Memory-Usage ${mem}MiB / 40960MiB   GPU-Util ${util}%   Compute M. Default                       |`;
    case 3: return `seq=${seq} | Processes: PID ${4000 + (hash(inst.podName) % 5000)}  Type C  Name python3 /app/serve.py  GPU Memory ${mem - 200}MiB |`;
    default: return `seq=${seq} +-----------------------------------------------------------------------------------------------+`;
  }
}

function appLine(inst: Instance, tick: number, seq: number, terminal: boolean): string {
  if (terminal) return `seq=${seq} level=error container=${inst.container} msg="fatal: lost connection to upstream, exiting" exitCode=1`;
  const h = hash(`${inst.podName}/${inst.container}/${tick}`);
  const paths = ['/', '/healthz', '/api/v1/items', '/metrics', '/api/v1/orders'];
  return `seq=${seq} level=info container=${inst.container} msg="handled request" method=GET path=${paths[h % paths.length]} status=200 durationMs=${1 + (h % 90)}`;
}

export function lineAt(inst: Instance, k: number, intervalMs: number, terminal = false): LogLine {
  const per = linesPerTick(inst.gpu && !inst.finishedAt);
  const tick = Math.floor(k / per);
  const seq = inst.firstSeq + k;
  const text = inst.gpu && !inst.finishedAt ? gpuLine(inst, tick, k % per, seq) : appLine(inst, tick, seq, terminal);
  return { ts: inst.startedAt + tick * intervalMs, text };
}

/** How many lines an instance has produced by `now`. */
export function lineCount(inst: Instance, now: number, intervalMs: number): number {
  if (inst.finishedAt) return PREVIOUS_LINES;
  if (now < inst.startedAt) return 0;
  return (Math.floor((now - inst.startedAt) / intervalMs) + 1) * linesPerTick(inst.gpu);
}

export function lines(inst: Instance, now: number, intervalMs: number): LogLine[] {
  const n = lineCount(inst, now, intervalMs);
  const out: LogLine[] = [];
  if (inst.finishedAt) {
    const span = Math.max(1, inst.finishedAt - inst.startedAt);
    for (let k = 0; k < n; k++) out.push({ ...lineAt(inst, k, intervalMs, k === n - 1), ts: inst.startedAt + Math.floor((span * k) / n) });
    return out;
  }
  for (let k = 0; k < n; k++) out.push(lineAt(inst, k, intervalMs));
  return out;
}

/** The current and previous instance of a container, read from the pod's status. */
export function instancesOf(pod: Obj, container: string): { current?: Instance; previous?: Instance } {
  const st = o(pod.status);
  const cs = (Array.isArray(st.containerStatuses) ? st.containerStatuses as Obj[] : []).find((c) => c.name === container);
  const spec = (Array.isArray(o(pod.spec).containers) ? o(pod.spec).containers as Obj[] : []).find((c) => c.name === container);
  const gpu = !!o(o(spec?.resources).limits)['nvidia.com/gpu'];
  const podName = String(o(pod.metadata).name);
  const out: { current?: Instance; previous?: Instance } = {};
  if (!cs) return out;
  const prev = o(o(cs.lastState).terminated);
  const hasPrev = typeof prev.startedAt === 'string';
  if (hasPrev) out.previous = { startedAt: Date.parse(String(prev.startedAt)), finishedAt: Date.parse(String(prev.finishedAt)), firstSeq: 1, gpu, podName, container };
  const running = o(o(cs.state).running);
  if (typeof running.startedAt === 'string') {
    out.current = { startedAt: Date.parse(String(running.startedAt)), firstSeq: hasPrev ? PREVIOUS_LINES + 1 : 1, gpu, podName, container };
  }
  return out;
}
