// The log viewer's page runs our script, but what it posts is still read as untrusted: a message of an unknown
// type or shape is ignored rather than acted on half-understood.
import type { FromView } from '../../../media/logs/protocol';

/** The message as a FromView, or undefined when it is not one. `maxLines` bounds a save's filtered lines. */
export function readFromView(m: unknown, maxLines: number): FromView | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'stop':
    case 'clear':
      return { type: o.type };
    case 'save': {
      if (typeof o.timestamps !== 'boolean') return undefined;
      if (o.lines === undefined) return { type: 'save', timestamps: o.timestamps };
      const lines = o.lines;
      if (!Array.isArray(lines) || lines.length > maxLines || !lines.every((l) => typeof l === 'string')) return undefined;
      return { type: 'save', timestamps: o.timestamps, lines };
    }
    default:
      return undefined;
  }
}
