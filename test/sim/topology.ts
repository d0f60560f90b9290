// Builds the clusters: the default consumer k8s-lab (4 nodes) and provider k8s-gpu (2 nodes, one GPU),
// and in scale mode more providers, each peered with k8s-lab, with a bench workload of N pods per cluster.
import { randomBytes } from 'node:crypto';
import { Cluster } from './cluster.js';
import { mintClusterPki } from './certs.js';
import { upsert } from './controllers/util.js';
import { liqoCrds } from './crds.js';
import { seedCilium, plantTalos } from './day2.js';
import { seedDemo } from './demo.js';
import { LIQO_TOLERATION, namespaceObject, nodeObject, type NodeSpec } from './objects.js';
import { seedPeering } from './peering.js';
import { eventLogLimit } from './store.js';
import { configMapType, crdType, deploymentType, namespaceType, nodeType, runtimeClassType } from './typeRefs.js';
import type { World } from './world.js';
import { bootstrapRbac } from './rbac.js';

export const CONSUMER = 'k8s-lab';
export const PROVIDER = 'k8s-gpu';

export interface ClusterPlan { name: string; nodes: NodeSpec[]; gpus: number }

export function plan(clusters: number, podsPerCluster = 0): ClusterPlan[] {
  // Workers take the whole bench workload, so scale mode measures running pods, not a scheduler backlog.
  const maxPods = String(Math.max(110, podsPerCluster + 60));
  const out: ClusterPlan[] = [
    { name: CONSUMER, gpus: 0, nodes: [
      { name: `${CONSUMER}-control-plane`, controlPlane: true, ip: '172.18.0.2', cpu: '4', memory: '8Gi' },
      { name: `${CONSUMER}-worker`, ip: '172.18.0.3', cpu: '8', memory: '16Gi' },
      { name: `${CONSUMER}-worker2`, ip: '172.18.0.4', cpu: '8', memory: '16Gi' },
      { name: `${CONSUMER}-worker3`, ip: '172.18.0.5', cpu: '8', memory: '16Gi' },
    ] },
    { name: PROVIDER, gpus: 1, nodes: [
      { name: `${PROVIDER}-control-plane`, controlPlane: true, ip: '172.19.0.2', cpu: '4', memory: '8Gi' },
      { name: `${PROVIDER}-gpu-worker`, ip: '172.19.0.3', cpu: '16', memory: '64Gi', gpus: 1 },
    ] },
  ];
  for (let i = 3; i <= clusters; i++) {
    const name = `k8s-prov-${String(i).padStart(2, '0')}`;
    out.push({ name, gpus: 1, nodes: [
      { name: `${name}-control-plane`, controlPlane: true, ip: `172.${20 + (i % 200)}.0.2`, cpu: '4', memory: '8Gi' },
      { name: `${name}-worker`, ip: `172.${20 + (i % 200)}.0.3`, cpu: '16', memory: '64Gi', gpus: 1 },
    ] });
  }
  for (const p of out) for (const n of p.nodes) if (!n.controlPlane) n.maxPods = maxPods;
  plantTalos(out[0]);
  return out;
}

export const restrictedUser = (cluster: string): string => `restricted@${cluster}`;

export async function buildClusters(world: World, plans: ClusterPlan[], bookmarkIntervalMs: number): Promise<Cluster[]> {
  const pkis = await Promise.all(plans.map((p) => mintClusterPki(p.name)));
  return plans.map((p, i) => {
    const c = new Cluster({ name: p.name, clusterID: p.name, pki: pkis[i], bookmarkIntervalMs });
    c.store.logLimit = eventLogLimit(plans.length);
    c.viewerToken = randomBytes(24).toString('hex');
    c.auth.addToken(c.viewerToken, `viewer@${p.name}`);
    c.auth.execSecret = randomBytes(24).toString('hex');
    if (i === 0) {
      // The consumer's restricted@ user: in no group but system:authenticated, bound to one namespaced Role (rbac.ts).
      c.restrictedToken = randomBytes(24).toString('hex');
      c.auth.addToken(c.restrictedToken, restrictedUser(p.name), []);
    }
    world.add(c);
    return c;
  });
}

/** Base content of every cluster: system namespaces, nodes, Liqo's CRDs and namespace. */
export function seedCluster(c: Cluster, p: ClusterPlan): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'liqo']) upsert(c, namespaceType, namespaceObject(ns), []);
  for (const n of p.nodes) upsert(c, nodeType, nodeObject(n), ['spec']);
  for (const crd of liqoCrds()) upsert(c, crdType, crd, ['spec']);
  for (const { t, obj } of bootstrapRbac(undefined)) upsert(c, t, obj, ['rules', 'roleRef', 'subjects']);
  const labels = { 'k8s-app': 'kube-dns' };
  upsert(c, deploymentType, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {
      containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', resources: { requests: { cpu: '100m', memory: '70Mi' } } }],
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } } } });
  // Where Liqo keeps the cluster's own ID, as its chart creates it.
  upsert(c, configMapType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'liqo-clusterid-configmap', namespace: 'liqo',
    labels: { 'app.kubernetes.io/name': 'clusterid-configmap', 'app.kubernetes.io/part-of': 'liqo' } }, data: { CLUSTER_ID: c.clusterID } }, []);
  const mgr = { 'app.kubernetes.io/name': 'controller-manager', 'app.kubernetes.io/part-of': 'liqo' };
  upsert(c, deploymentType, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'liqo-controller-manager', namespace: 'liqo', labels: mgr },
    spec: { replicas: 1, selector: { matchLabels: mgr }, template: { metadata: { labels: mgr }, spec: {
      containers: [{ name: 'controller-manager', image: 'ghcr.io/liqotech/liqo-controller-manager:v1.2.0', args: ['--default-limits-enforcement=None'] }] } } } });
  // The webhook as the chart runs it by default: it enforces Quotas on ShadowPods (controllerManager.config.enableResourceEnforcement).
  const webhook = { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/part-of': 'liqo' };
  upsert(c, deploymentType, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'liqo-webhook', namespace: 'liqo', labels: webhook },
    spec: { replicas: 1, selector: { matchLabels: webhook }, template: { metadata: { labels: webhook }, spec: {
      containers: [{ name: 'webhook', image: 'ghcr.io/liqotech/webhook:v1.2.0', command: ['/usr/bin/webhook'],
        args: ['--webhook-port=9443', '--cluster-id=$(CLUSTER_ID)', '--liqo-namespace=$(POD_NAMESPACE)', '--liqo-runtime-class=liqo', '--enable-resource-enforcement'] }] } } } });
  // The chart's RuntimeClass on every Liqo cluster; GPU clusters have their GPU operator's too.
  upsert(c, runtimeClassType, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'liqo', labels: { 'app.kubernetes.io/part-of': 'liqo' } },
    handler: 'liqo', scheduling: { nodeSelector: { 'liqo.io/type': 'virtual-node' }, tolerations: [LIQO_TOLERATION] } }, ['handler', 'scheduling']);
  if (p.gpus) upsert(c, runtimeClassType, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'nvidia' }, handler: 'nvidia' }, ['handler']);
}

export function seedBench(c: Cluster, pods: number): void {
  if (pods <= 0) return;
  upsert(c, namespaceType, namespaceObject('bench'), []);
  const labels = { app: 'bench' };
  upsert(c, deploymentType, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bench', namespace: 'bench', labels },
    spec: { replicas: pods, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } } });
}

export function seedWorld(world: World, clusters: Cluster[], plans: ClusterPlan[], podsPerCluster: number): void {
  clusters.forEach((c, i) => seedCluster(c, plans[i]));
  const consumer = clusters[0];
  for (let i = 1; i < clusters.length; i++) {
    const resources: Record<string, string> = plans[i].gpus ? { 'nvidia.com/gpu': String(plans[i].gpus) } : {};
    const peering = { consumer, provider: clusters[i], resources };
    world.peerings.push(peering);
    seedPeering(peering);
  }
  seedDemo(consumer);
  seedCilium(consumer);
  // After the demo: the restricted user's Role lives in its namespace.
  for (const { t, obj } of bootstrapRbac(restrictedUser(consumer.name))) upsert(consumer, t, obj, ['rules', 'roleRef', 'subjects']);
  for (const c of clusters) seedBench(c, podsPerCluster);
}
