// The Liqo output channel, with every write redacted (redact.ts): the extension's own lines, the language
// client's (its trace carries whole documents, Secrets included) and whatever they quote.
import * as vscode from 'vscode';
import { redact } from './redact';

const writes = new Set<string>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function clean(arg: unknown): unknown {
  if (typeof arg === 'string') return redact(arg);
  if (arg instanceof Error) return redact(arg.stack ?? arg.message);
  if (arg && typeof arg === 'object') {
    try {
      return redact(JSON.stringify(arg));
    } catch {
      return '[unprintable]';
    }
  }
  return arg;
}

/** An output channel whose writes pass through `redact`; everything else is the channel itself. */
export function redactedLogChannel(name: string): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return new Proxy(channel, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop === 'string' && writes.has(prop)) return (...args: unknown[]) => fn.apply(target, args.map(clean));
      return fn.bind(target);
    },
  });
}
