// Runs a synchronous function under V8's own watchdog: node's vm timeout makes the isolate terminate whatever
// JavaScript is running once the time is up, our loops, a library's, or a backtracking regular expression alike.
import * as vm from 'node:vm';

export type Guarded<T> = { ok: true; value: T } | { ok: false; timedOut: boolean; error: string };

const context = vm.createContext({ call: undefined as unknown });
const script = new vm.Script('call()', { filename: 'liqo-guard' });

export function runGuarded<T>(fn: () => T, timeoutMs: number): Guarded<T> {
  (context as { call: unknown }).call = fn;
  try {
    return { ok: true, value: script.runInContext(context, { timeout: Math.max(1, Math.floor(timeoutMs)) }) as T };
  } catch (e) {
    // The timeout error comes from the vm's context, so `instanceof Error` does not hold for it: read its fields.
    const fields = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; stack?: unknown; message?: unknown };
    const frames = typeof fields.stack === 'string' ? fields.stack.split('\n').filter((l) => l.startsWith('    at ')) : [];
    const error = [typeof fields.message === 'string' ? fields.message : String(e), ...frames].join('\n');
    return { ok: false, timedOut: fields.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT', error };
  } finally {
    (context as { call: unknown }).call = undefined;
  }
}
