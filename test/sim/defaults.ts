// Defaults the API server fills in on create, per kind (only what clients look at).
import { str } from './objects.js';
import type { KObj } from './store.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : {});

let ipCounter = 10;
export function nextServiceIp(): string {
  ipCounter++;
  return `10.96.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

export function applyDefaults(o: KObj): void {
  switch (o.kind) {
    case 'Namespace': {
      o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name ?? '' };
      o.spec = { finalizers: ['kubernetes'], ...obj(o.spec) };
      o.status = { phase: 'Active' };
      break;
    }
    case 'Pod': {
      const spec = obj(o.spec);
      spec.restartPolicy ??= 'Always';
      spec.dnsPolicy ??= 'ClusterFirst';
      spec.schedulerName ??= 'default-scheduler';
      spec.terminationGracePeriodSeconds ??= 30;
      spec.serviceAccountName ??= 'default';
      spec.enableServiceLinks ??= true;
      spec.preemptionPolicy ??= 'PreemptLowerPriority';
      spec.priority ??= 0;
      spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations as Obj[] : []),
        ...['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].filter((k) =>
          !(spec.tolerations as Obj[] | undefined)?.some((t) => t.key === k))
          .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }))];
      for (const c of [...(spec.initContainers ?? []) as Obj[], ...(spec.containers ?? []) as Obj[]]) {
        c.imagePullPolicy ??= str(c.image ?? '').endsWith(':latest') || !str(c.image ?? '').includes(':') ? 'Always' : 'IfNotPresent';
        c.terminationMessagePath ??= '/dev/termination-log';
        c.terminationMessagePolicy ??= 'File';
        c.resources ??= {};
        const r = obj(c.resources);
        // A limit stands for the request it leaves out, resource by resource, as the API server defaults a pod.
        if (r.limits) r.requests = { ...obj(r.limits), ...obj(r.requests) };
      }
      o.spec = spec;
      o.status = { phase: 'Pending', qosClass: 'BestEffort', ...obj(o.status) };
      break;
    }
    case 'Service': {
      const spec = obj(o.spec);
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.clusterIP === undefined && spec.type !== 'ExternalName') spec.clusterIP = nextServiceIp();
      if (spec.clusterIP) spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      for (const p of (spec.ports ?? []) as Obj[]) { p.protocol ??= 'TCP'; p.targetPort ??= p.port; }
      o.spec = spec;
      o.status = { loadBalancer: {} };
      break;
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const spec = obj(o.spec);
      spec.replicas ??= 1;
      if (o.kind === 'Deployment') {
        spec.revisionHistoryLimit ??= 10;
        spec.progressDeadlineSeconds ??= 600;
        const strategy = obj(spec.strategy);
        if (!strategy.type) spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, ...strategy };
      }
      o.spec = spec;
      o.status ??= {};
      break;
    }
    default:
      break;
  }
}
