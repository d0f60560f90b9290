// A kubeconfig with one context whose API server is a closed port on this machine, for the error item in the tree.
import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export function unreachableKubeconfig(context: string, port: number): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${context}-cluster`,
    '    cluster:',
    `      server: https://127.0.0.1:${port}`,
    '      insecure-skip-tls-verify: true',
    'users:',
    `  - name: ${context}-user`,
    '    user:',
    '      token: not-a-real-token',
    'contexts:',
    `  - name: ${context}`,
    '    context:',
    `      cluster: ${context}-cluster`,
    `      user: ${context}-user`,
    '',
  ].join('\n');
}
