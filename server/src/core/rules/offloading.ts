// NamespaceOffloading rules: the ones Liqo's webhook enforces (liqotech/liqo,
// pkg/webhooks/namespaceoffloading/nsoff.go), the twin namespace name (status.go of the NamespaceOffloading
// controller, pkg/liqo-controller-manager/offloading/namespaceoffloading-controller/) and the clusterSelector.
import { offloadingName, twinNamespace } from '../../liqo/names';
import { dns1123Label } from '../../liqo/syntax';
import { diag } from './codes';
import { at, exists, kindRange, str, type DocContext } from '../docContext';
import type { RawDiagnostic } from '../types';
import { setPathEdit } from '../ast';
import { checkNodeSelector } from './selectors';

/**
 * LIQO101, 103, 104 and 106 follow the webhook (nsoff.go): the name, SelectedName's remote name, and the fields it
 * refuses to change later. LIQO105: the twin name status.go derives. LIQO113: the clusterSelector's requirements.
 * `consumers`: the cluster IDs of the connected clusters that would offload (consumerIDs of the facts).
 */
export function checkOffloading(ctx: DocContext, consumers: readonly string[]): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const name = str(ctx.value, ['metadata', 'name']);
  if (name !== offloadingName) {
    const range = name === undefined ? kindRange(ctx) : at(ctx, ['metadata', 'name']);
    const edit = name === undefined
      ? setPathEdit(ctx.doc, ['metadata', 'name'], offloadingName)
      : { start: range[0], end: range[1], newText: offloadingName };
    out.push(diag('offloadingName', range[0], range[1],
      `A NamespaceOffloading must be named "${offloadingName}"${name === undefined ? '' : `, not "${name}"`}: Liqo's webhook refuses any other name.`,
      edit ? [{ title: `Name it "${offloadingName}"`, edits: [edit], preferred: true }] : undefined));
  }

  const strategy = str(ctx.value, ['spec', 'namespaceMappingStrategy']);
  const remoteName = str(ctx.value, ['spec', 'remoteNamespaceName']);
  const namespace = str(ctx.value, ['metadata', 'namespace']);
  if (strategy === 'NamespaceLabelSelector') {
    const r = at(ctx, ['spec', 'namespaceMappingStrategy']);
    out.push(diag('labelSelectorStrategy', r[0], r[1],
      'NamespaceLabelSelector is not a mapping strategy: it is liqoctl\'s --ns-selector flag. Use EnforceSameName, DefaultName or SelectedName.',
      [{ title: 'Use DefaultName', edits: [{ start: r[0], end: r[1], newText: 'DefaultName' }], preferred: true }]));
  }
  if (strategy === 'SelectedName' && !remoteName) {
    const r = at(ctx, ['spec', 'namespaceMappingStrategy']);
    const edit = setPathEdit(ctx.doc, ['spec', 'remoteNamespaceName'], namespace ?? 'remote-namespace');
    out.push(diag('selectedNameMissing', r[0], r[1],
      'namespaceMappingStrategy SelectedName needs spec.remoteNamespaceName: the name of the twin namespace on the providers.',
      edit && !exists(ctx, ['spec', 'remoteNamespaceName']) ? [{ title: 'Add spec.remoteNamespaceName', edits: [edit] }] : undefined));
  }
  if (strategy !== 'SelectedName' && remoteName !== undefined && remoteName !== '') {
    const r = at(ctx, ['spec', 'remoteNamespaceName']);
    out.push(diag('remoteNameIgnored', r[0], r[1],
      `spec.remoteNamespaceName is ignored with namespaceMappingStrategy ${strategy ?? 'DefaultName (the default)'}; it is used only with SelectedName. Once the offloading exists, Liqo still refuses to change, add or remove it until the namespace is unoffloaded.`));
  }
  out.push(...checkTwinName(ctx, namespace, strategy, remoteName, consumers));
  out.push(...checkNodeSelector(ctx, ['spec', 'clusterSelector'], 'clusterSelector'));
  return out;
}

function checkTwinName(ctx: DocContext, namespace: string | undefined, strategy: string | undefined, remoteName: string | undefined, ids: readonly string[]): RawDiagnostic[] {
  if (strategy === 'SelectedName') {
    if (!remoteName || (dns1123Label.test(remoteName) && remoteName.length <= 63)) return [];
    const r = at(ctx, ['spec', 'remoteNamespaceName']);
    return [diag('remoteNameInvalid', r[0], r[1], `The twin namespace "${remoteName}" is not a valid namespace name: lowercase letters, digits and '-', at most 63 characters.`)];
  }
  if (!namespace || strategy === 'EnforceSameName') return [];
  // DefaultName appends the consumer's cluster ID; with no facts, at least one character and a dash are added.
  const longest = ids.length ? ids.reduce((a, b) => (b.length > a.length ? b : a)) : 'x';
  const twin = twinNamespace(namespace, strategy, remoteName, longest);
  if (twin.length <= 63) return [];
  const r = at(ctx, ['metadata', 'namespace']);
  return [diag('remoteNameInvalid', r[0], r[1],
    `The twin namespace "${ids.length ? twin : `${namespace}-<cluster ID>`}" would be longer than 63 characters; shorten the namespace or use SelectedName.`)];
}
