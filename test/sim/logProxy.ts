// pods/log of an offloaded pod, read through the consumer: like the virtual kubelet, open the same
// request against the provider's API server for the pod of the same name in the twin namespace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:https';
import type { Cluster } from './cluster.js';
import { ApiError } from './errors.js';
import { cutStream } from './http.js';
import { dialError, serveLog, type LogStream } from './logs.js';
import { asObj } from './objects.js';
import type { KObj } from './store.js';
import { namespaceOffloadingType, nodeType, podType } from './typeRefs.js';
import type { World } from './world.js';

export function providerOf(w: World, c: Cluster, pod: KObj): { provider: Cluster; node: KObj } | undefined {
  const nodeName = asObj(pod.spec).nodeName;
  if (typeof nodeName !== 'string') return undefined;
  const node = c.store.peekOne(nodeType, undefined, nodeName);
  const id = node?.metadata.labels?.['liqo.io/type'] === 'virtual-node' ? node.metadata.labels['liqo.io/remote-cluster-id'] : undefined;
  const provider = id ? [...w.clusters.values()].find((x) => x.clusterID === id) : undefined;
  return provider && node ? { provider, node } : undefined;
}

export function remoteNamespaceOf(c: Cluster, ns: string): string | undefined {
  const off = c.store.peekOne(namespaceOffloadingType, ns, 'offloading');
  const name = asObj(off?.status).remoteNamespaceName;
  return typeof name === 'string' && name ? name : undefined;
}

export function logHandler(w: World, c: Cluster) {
  return async (req: IncomingMessage, res: ServerResponse, pod: KObj, q: URLSearchParams): Promise<void> => {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const remote = providerOf(w, c, pod);
    if (!remote) {
      serveLog(req, res, pod, q, w.logIntervalMs, () => c.store.get(podType, ns, name), c.logStreams);
      return;
    }
    const ip = (asObj(remote.node.status).addresses as { type: string; address: string }[] | undefined)?.find((a) => a.type === 'InternalIP')?.address ?? '0.0.0.0';
    const container = q.get('container') ?? String((asObj(pod.spec).containers as { name: string }[] | undefined)?.[0]?.name ?? '');
    if (c.faults.logProxyBroken) {
      throw dialError(`Get "https://${ip}:10250/containerLogs/${ns}/${name}/${container}": proxy error from 127.0.0.1:6443 while dialing ${ip}:10250, code 502: 502 Bad Gateway`);
    }
    const rns = remoteNamespaceOf(c, ns);
    if (!rns) throw new ApiError(500, 'InternalError', `Internal error occurred: namespace ${ns} is not offloaded to ${remote.provider.clusterID}`);
    const { provider } = remote;
    if (!provider.running) throw dialError(`Get "https://${ip}:10250/containerLogs/${ns}/${name}/${container}": dial tcp ${ip}:10250: connect: connection refused`);
    await new Promise<void>((resolve) => {
      const up = request({
        host: '127.0.0.1', port: provider.port, method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(rns)}/pods/${encodeURIComponent(name)}/log?${q.toString()}`,
        ca: provider.pki.ca.cert, cert: provider.pki.admin.cert, key: provider.pki.admin.key,
        headers: { 'User-Agent': 'virtual-kubelet/v1.2.0' },
      }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, { 'Content-Type': upRes.headers['content-type'] ?? 'text/plain', 'Cache-Control': 'no-cache, private' });
        const stream: LogStream = { close: () => { upRes.destroy(); cutStream(req, res); } };
        c.logStreams.add(stream);
        upRes.pipe(res);
        const done = (): void => { c.logStreams.delete(stream); resolve(); };
        upRes.on('end', done);
        upRes.on('error', () => { res.destroy(); done(); });
        res.on('close', () => { upRes.destroy(); done(); });
      });
      up.on('error', (e) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(dialError(`Get "https://${ip}:10250/containerLogs/${ns}/${name}/${container}": dial tcp ${ip}:10250: ${e.message}`).toStatus()));
        resolve();
      });
      req.on('close', () => up.destroy());
      up.end();
    });
  };
}
