// Deployment -> ReplicaSet -> Pods, with the statuses `kubectl get deploy` shows.
import { createHash } from 'node:crypto';
import type { Cluster } from '../cluster.js';
import { asArr, asObj, condition } from '../objects.js';
import type { KObj } from '../store.js';
import { deploymentType, podType, replicaSetType } from '../typeRefs.js';
import type { World } from '../world.js';
import { recordEvent } from './events.js';
import { ownerRef, remove, setStatus, upsert } from './util.js';

const podReady = (p: KObj): boolean => asArr(asObj(p.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True');

function templateHash(template: unknown): string {
  const h = createHash('sha256').update(JSON.stringify(template)).digest();
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 10; i++) s += alphabet[h[i] % alphabet.length];
  return s;
}

function byOwner(c: Cluster, t: typeof podType): Map<string, KObj[]> {
  const m = new Map<string, KObj[]>();
  for (const o of c.store.peek(t)) {
    if (o.metadata.deletionTimestamp) continue;
    for (const r of o.metadata.ownerReferences ?? []) {
      const uid = String(r.uid);
      let l = m.get(uid);
      if (!l) { l = []; m.set(uid, l); }
      l.push(o);
    }
  }
  return m;
}

function deployments(c: Cluster): void {
  const rsByOwner = byOwner(c, replicaSetType);
  const podsByOwner = byOwner(c, podType);
  for (const d of [...c.store.peek(deploymentType)]) {
    if (d.metadata.deletionTimestamp) continue;
    const spec = asObj(d.spec);
    const template = asObj(spec.template);
    const hash = templateHash(template);
    const name = `${d.metadata.name ?? ''}-${hash}`;
    const tmplMeta = asObj(template.metadata);
    const labels = { ...(asObj(tmplMeta.labels) as Record<string, string>), 'pod-template-hash': hash };
    const replicas = Number(spec.replicas ?? 1);
    const rs = upsert(c, replicaSetType, {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name, namespace: d.metadata.namespace, labels, annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [ownerRef(d)] },
      spec: { replicas, selector: { matchLabels: { ...(asObj(asObj(spec.selector).matchLabels) as Record<string, string>), 'pod-template-hash': hash } },
        template: { ...template, metadata: { ...tmplMeta, labels } } },
    }, ['spec']);
    for (const old of rsByOwner.get(d.metadata.uid ?? '') ?? []) if (old.metadata.name !== name) remove(c, replicaSetType, old);
    const pods = podsByOwner.get(rs.metadata.uid ?? '') ?? [];
    const ready = pods.filter(podReady).length;
    setStatus(c, deploymentType, d, {
      observedGeneration: d.metadata.generation, replicas: pods.length, updatedReplicas: pods.length, readyReplicas: ready || undefined,
      availableReplicas: ready || undefined, unavailableReplicas: pods.length - ready || undefined,
      conditions: [
        ready >= replicas ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`),
      ],
    });
  }
}

function replicaSets(c: Cluster): void {
  const podsByOwner = byOwner(c, podType);
  for (const rs of [...c.store.peek(replicaSetType)]) {
    if (rs.metadata.deletionTimestamp) continue;
    const spec = asObj(rs.spec);
    const want = Number(spec.replicas ?? 1);
    const pods = podsByOwner.get(rs.metadata.uid ?? '') ?? [];
    const template = asObj(spec.template);
    for (let i = pods.length; i < want; i++) {
      const meta = asObj(template.metadata);
      try {
        c.registry.create(podType, rs.metadata.namespace, {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { generateName: `${rs.metadata.name ?? ''}-`, namespace: rs.metadata.namespace, labels: asObj(meta.labels) as Record<string, string>,
          annotations: asObj(meta.annotations) as Record<string, string>, ownerReferences: [ownerRef(rs)] },
        spec: structuredClone(asObj(template.spec)),
        }, { user: 'system:serviceaccount:kube-system:replicaset-controller' });
      } catch (e) {
        recordEvent(c, rs, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, 'replicaset-controller');
        break;
      }
    }
    for (const extra of pods.slice(want)) remove(c, podType, extra);
    const ready = pods.slice(0, want).filter(podReady).length;
    setStatus(c, replicaSetType, rs, { replicas: Math.min(pods.length, want), fullyLabeledReplicas: Math.min(pods.length, want), readyReplicas: ready || undefined,
      availableReplicas: ready || undefined, observedGeneration: rs.metadata.generation });
  }
}

export function workloadController(w: World): void {
  for (const c of w.active()) {
    deployments(c);
    replicaSets(c);
  }
}
