// Completion and hover in a Liqo values file: the chart's keys and allowed values with their defaults, and the
// chart's own description, the default and which Liqo components read the value.
import {
  CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Hover, type Position,
} from 'vscode-languageserver-types';
import { cursorAt } from '../cursor';
import type { Cancel } from '../types';
import { readLine } from '../yamlLine';
import { typesOf, valuesNodeAt, valuesSchema, type ValuesNode } from './valuesSchema';

const empty: CompletionList = { isIncomplete: false, items: [] };

/** A default as YAML writes it on one line. */
function yamlScalar(v: unknown): string {
  if (typeof v === 'string') return v === '' || /^[\s]|[\s]$|^(true|false|yes|no|on|off|null|~|[-+.0-9].*)$|[:#{}[\],&*!|>'"%@`]/i.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

function typeName(node: ValuesNode): string {
  const types = typesOf(node);
  if (node['x-liqo-format']) return `${types.filter((t) => t !== 'number' && t !== 'boolean').join(' | ') || 'string'} (${node['x-liqo-format']})`;
  if (types.includes('object')) return node.properties ? 'map' : 'map (any keys)';
  if (types.includes('array')) return 'list';
  return types.join(' | ') || 'value';
}

function docOf(key: string, node: ValuesNode): string {
  const lines = [`**${key}** · ${typeName(node)}`];
  if (node.description) lines.push(node.description);
  const facts: string[] = [];
  if (node.enum) facts.push(`Allowed: ${node.enum.map((v) => `\`${v}\``).join(', ')}`);
  if (node.default !== undefined) facts.push(`Default: \`${JSON.stringify(node.default)}\``);
  if (facts.length) lines.push(facts.join(' · '));
  if (node['x-liqo-components']?.length) lines.push(`Read by: ${node['x-liqo-components'].join(', ')} (templates ${(node['x-liqo-templates'] ?? []).join(', ')})`);
  return lines.join('\n\n');
}

export function completeValues(text: string, offset: number, toPosition: (o: number) => Position, token?: Cancel): CompletionList {
  const cur = cursorAt(text, offset);
  if (token?.isCancellationRequested) return empty;
  const range = { start: toPosition(cur.tokenStart), end: toPosition(offset) };
  const items: CompletionItem[] = [];
  if (cur.mode === 'key') {
    const parent = valuesNodeAt(cur.path);
    const indent = ' '.repeat(cur.column + 2);
    for (const [key, node] of Object.entries(parent?.properties ?? {})) {
      const leaf = !node.properties && node.default !== undefined && (typeof node.default !== 'object' || node.default === null);
      const newText = node.properties ? `${key}:\n${indent}` : leaf ? `${key}: ${yamlScalar(node.default)}` : `${key}:`;
      items.push({ label: key, kind: CompletionItemKind.Property, detail: typeName(node), documentation: { kind: MarkupKind.Markdown, value: docOf(key, node) }, textEdit: { range, newText } });
    }
  } else {
    const node = valuesNodeAt(cur.path);
    const values = node?.enum ?? (node && typesOf(node).includes('boolean') ? ['true', 'false'] : []);
    for (const v of values) {
      const isDefault = (typeof node?.default === 'string' || typeof node?.default === 'boolean') && String(node.default) === v;
      items.push({ label: v, kind: CompletionItemKind.EnumMember, detail: isDefault ? 'default' : undefined, sortText: `${isDefault ? 0 : 1}${v}`, preselect: isDefault || undefined, textEdit: { range, newText: v } });
    }
  }
  return { isIncomplete: false, items };
}

export function hoverValues(text: string, offset: number, toPosition: (o: number) => Position, token?: Cancel): Hover | null {
  if (token?.isCancellationRequested) return null;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const l = readLine(text.slice(lineStart, nl < 0 ? text.length : nl));
  if (l.key === undefined) return null;
  const path = cursorAt(text, lineStart + l.colon + 1).path;
  const node = valuesNodeAt(path);
  if (!node) return null;
  const chart = valuesSchema()['x-liqo-chart'];
  return {
    contents: { kind: MarkupKind.Markdown, value: `${docOf(path.join('.'), node)}\n\n_Liqo chart at ${chart.commit.slice(0, 7)}_` },
    range: { start: toPosition(lineStart + l.keyStart), end: toPosition(lineStart + l.keyEnd) },
  };
}
