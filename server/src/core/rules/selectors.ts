// Node selector requirements as Kubernetes reads them, wherever Liqo or Kubernetes evaluates one: a
// NamespaceOffloading's clusterSelector, a VirtualNode's offloadingPatch node affinity, and a pod's node affinity.
// Inside a CRD nobody checks them on apply (the schema has no operator enum); Liqo then fails when it evaluates
// them. The rules themselves are the ones selector.ts matches with, so the two cannot drift.
import { locate, span, type Path } from '../ast';
import { closest, get, isObj, keyAt, at, type DocContext } from '../docContext';
import { requirementProblem, selectorOperators } from '../../liqo/selector';
import { diag } from './codes';
import type { RawDiagnostic, RawFix } from '../types';

/**
 * LIQO113 for the terms of a core/v1 NodeSelector at `path` (its `nodeSelectorTerms`). Liqo's clusterSelector
 * goes through k8s.io/component-helpers MatchNodeSelectorTerms, which errors on a refused requirement, and the
 * NamespaceOffloading controller then stops with "invalid ClusterSelector" (liqotech/liqo,
 * pkg/liqo-controller-manager/offloading/namespaceoffloading-controller/clusterselector.go).
 */
export function checkNodeSelector(ctx: DocContext, path: Path, scope: Scope): RawDiagnostic[] {
  const terms = get(ctx.value, [...path, 'nodeSelectorTerms']);
  if (!Array.isArray(terms)) return [];
  return terms.flatMap((_, i) => checkTerm(ctx, [...path, 'nodeSelectorTerms', i], scope));
}

/**
 * LIQO113 for a NodeAffinity at `path`: its required terms and its preferred terms' preferences. A pod's node
 * affinity is checked by the API server only in part (operators and value counts), and a term with a value the
 * scheduler refuses never matches; a VirtualNode's offloadingPatch affinity is copied into every remote pod
 * (liqotech/liqo, pkg/virtualKubelet/forge/pods.go), where the same happens on the provider.
 */
export function checkNodeAffinity(ctx: DocContext, path: Path, scope: Scope): RawDiagnostic[] {
  const out = checkNodeSelector(ctx, [...path, 'requiredDuringSchedulingIgnoredDuringExecution'], scope);
  const preferred = get(ctx.value, [...path, 'preferredDuringSchedulingIgnoredDuringExecution']);
  if (Array.isArray(preferred)) {
    preferred.forEach((_, i) => out.push(...checkTerm(ctx, [...path, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'preference'], scope)));
  }
  return out;
}

function checkTerm(ctx: DocContext, termPath: Path, scope: Scope): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const list of ['matchExpressions', 'matchFields'] as const) {
    const reqs = get(ctx.value, [...termPath, list]);
    if (!Array.isArray(reqs)) continue;
    reqs.forEach((raw, i) => {
      // Shapes the schema reports (a missing key or operator, a non-list of values) are left to it.
      if (!isObj(raw) || typeof raw.key !== 'string' || typeof raw.operator !== 'string') return;
      if (raw.values !== undefined && raw.values !== null && !Array.isArray(raw.values)) return;
      const values = Array.isArray(raw.values) ? raw.values.map(String) : [];
      const problem = requirementProblem({ key: raw.key, operator: raw.operator, values }, list === 'matchFields');
      if (!problem) return;
      const base: Path = [...termPath, list, i];
      const r = problem.field === 'values' && raw.values !== undefined ? keyAt(ctx, [...base, 'values']) : at(ctx, [...base, problem.field === 'key' ? 'key' : 'operator']);
      const message = problem.message[0].toUpperCase() + problem.message.slice(1);
      out.push(diag('selectorRequirement', r[0], r[1], `${message}. ${consequence[scope]}`, fixOf(ctx, base, raw.operator, problem.field, list)));
    });
  }
  return out;
}

/** Where a selector sits decides what goes wrong with it. */
export type Scope = 'clusterSelector' | 'offloadingPatch' | 'pod';

const consequence: Record<Scope, string> = {
  clusterSelector: 'Liqo stops reconciling the offloading with "invalid ClusterSelector" and creates no twin namespace.',
  offloadingPatch: 'Liqo copies it into every pod offloaded through this virtual node; the provider refuses those pods, or they stay Pending there.',
  pod: 'The API server refuses the pod, or the term never matches a node and the pod stays Pending.',
};

/** A case slip in the operator is renamed; values that Exists and DoesNotExist forbid are removed. */
function fixOf(ctx: DocContext, base: Path, operator: string, field: string, list: string): RawFix[] | undefined {
  if (field === 'operator') {
    const allowed = list === 'matchFields' ? ['In', 'NotIn'] : [...selectorOperators];
    const guess = closest(operator, allowed);
    if (!guess || guess === operator || guess.toLowerCase() !== operator.toLowerCase()) return undefined;
    const r = at(ctx, [...base, 'operator']);
    return [{ title: `Change to ${guess}`, edits: [{ start: r[0], end: r[1], newText: guess }], preferred: true }];
  }
  if (field === 'values' && (operator === 'Exists' || operator === 'DoesNotExist')) {
    const edit = removePair(ctx, [...base, 'values']);
    return edit ? [{ title: `Remove the values (${operator} takes none)`, edits: [edit], preferred: true }] : undefined;
  }
  return undefined;
}

/** Deletes a block-style `key: value` entry, whole lines, when it does not share its first line with anything. */
function removePair(ctx: DocContext, path: Path): { start: number; end: number; newText: string } | undefined {
  const found = locate(ctx.doc, path);
  const key = span(found.key);
  if (!key) return undefined;
  const start = ctx.text.lastIndexOf('\n', key[0] - 1) + 1;
  if (ctx.text.slice(start, key[0]).trim() !== '') return undefined;
  let end = span(found.node)?.[1] ?? key[1];
  if (ctx.text[end - 1] !== '\n') {
    const nl = ctx.text.indexOf('\n', end);
    end = nl < 0 ? ctx.text.length : nl + 1;
  }
  return { start, end, newText: '' };
}
