// The talk's demo workload: Deployment web-nvidia-smi (one GPU, tolerating the virtual-node taint) and its Service
// in namespace liqo-demo on the consumer. Its pod stays Pending until liqo-demo is offloaded.
import type { Cluster } from './cluster.js';
import { upsert } from './controllers/util.js';
import { LIQO_TOLERATION, namespaceObject } from './objects.js';
import { deploymentType, namespaceType, serviceType } from './typeRefs.js';

export const DEMO_NS = 'liqo-demo';
export const DEMO_APP = 'web-nvidia-smi';

export function seedDemo(c: Cluster): void {
  upsert(c, namespaceType, namespaceObject(DEMO_NS), []);
  const labels = { app: DEMO_APP };
  upsert(c, deploymentType, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: DEMO_APP, namespace: DEMO_NS, labels },
    spec: {
      replicas: 1, selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'nvidia-smi', image: 'nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04',
            command: ['sh', '-c', 'while true; do nvidia-smi; sleep 1; done'],
            ports: [{ containerPort: 8080, name: 'http' }],
            resources: { limits: { 'nvidia.com/gpu': '1' } },
          }],
          tolerations: [LIQO_TOLERATION],
        },
      },
    },
  });
  upsert(c, serviceType, {
    apiVersion: 'v1', kind: 'Service', metadata: { name: DEMO_APP, namespace: DEMO_NS, labels },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  }, []);
}
