// The kubeconfig the simulator writes: an admin context (client certificate) and a viewer context
// (bearer token) per cluster, and restricted@<consumer> (a token user with one namespaced Role). Its body holds credentials, so it is written with mode 0600 and never logged.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { RESTRICTED_NAMESPACE } from './rbac.js';

export interface KubeconfigCluster {
  name: string; url: string; caPem: string; adminCert: string; adminKey: string; viewerToken: string;
  /** Signs exec@<name>'s expiring tokens; with an exec plugin, the kubeconfig passes it to the plugin. */
  execSecret: string;
  /** With one, the kubeconfig has restricted@<name>: a user bound to one namespaced Role (rbac.ts). */
  restrictedToken?: string;
}

/**
 * A node script that prints an ExecCredential. With one, each cluster gets an exec@<name> context (read-only, like
 * the viewer) whose user runs it with SIM_EXEC_SECRET and SIM_EXEC_USER set; the script signs the token
 * (auth.ts, signExecToken) and chooses its expiry.
 */
export interface ExecPlugin { script: string }

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export function writeKubeconfig(file: string, clusters: KubeconfigCluster[], current: string, exec?: ExecPlugin): void {
  const execUser = (c: KubeconfigCluster): object => ({
    name: `exec@${c.name}`,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [exec?.script ?? ''], interactiveMode: 'Never',
        env: [{ name: 'SIM_EXEC_SECRET', value: c.execSecret }, { name: 'SIM_EXEC_USER', value: `exec@${c.name}` }],
      },
    },
  });
  const doc = {
    apiVersion: 'v1', kind: 'Config', preferences: {}, 'current-context': current,
    clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, 'certificate-authority-data': b64(c.caPem) } })),
    users: clusters.flatMap((c) => [
      { name: `admin@${c.name}`, user: { 'client-certificate-data': b64(c.adminCert), 'client-key-data': b64(c.adminKey) } },
      { name: `viewer@${c.name}`, user: { token: c.viewerToken } },
      ...(exec ? [execUser(c)] : []),
      ...(c.restrictedToken ? [{ name: `restricted@${c.name}`, user: { token: c.restrictedToken } }] : []),
    ]),
    contexts: clusters.flatMap((c) => [
      { name: `admin@${c.name}`, context: { cluster: c.name, user: `admin@${c.name}`, namespace: 'default' } },
      { name: `viewer@${c.name}`, context: { cluster: c.name, user: `viewer@${c.name}`, namespace: 'default' } },
      ...(exec ? [{ name: `exec@${c.name}`, context: { cluster: c.name, user: `exec@${c.name}`, namespace: 'default' } }] : []),
      ...(c.restrictedToken ? [{ name: `restricted@${c.name}`, context: { cluster: c.name, user: `restricted@${c.name}`, namespace: RESTRICTED_NAMESPACE } }] : []),
    ]),
  };
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, stringify(doc), { mode: 0o600 });
}
