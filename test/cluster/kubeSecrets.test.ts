// No token, certificate, key or kubeconfig body ever reaches a log line, an error message, a snapshot or the
// facts, whatever fails. The test collects everything the kube layer writes and greps it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { buildFacts } from '../../client/src/kube/factsBuilder';
import { PodLogStream } from '../../client/src/kube/logStream';
import { buildTree } from '../../client/src/views/model';
import { closedPort, extraKubeconfig, startEnv, type Env } from './kubeHelpers';

let env: Env;
before(async () => { env = await startEnv(); });
after(async () => { await env.stop(); });

/** The secret strings of a kubeconfig: tokens, certificate and key data (base64 and decoded PEM bodies). */
function secretsOf(kubeconfigText: string): string[] {
  const out: string[] = [];
  for (const m of kubeconfigText.matchAll(/(token|client-certificate-data|client-key-data|certificate-authority-data):\s*(\S+)/g)) {
    const v = m[2] ?? '';
    out.push(v);
    if (m[1] !== 'token') {
      const pem = Buffer.from(v, 'base64').toString('utf8');
      // A distinctive slice of the PEM body (past the header), as a leak would show it.
      const body = pem.split('\n').slice(1, 2).join('');
      if (body.length > 20) out.push(body);
    }
  }
  return out;
}

void test('failures of every kind leave no secret in logs, errors, snapshots, tree or facts', async () => {
  const text = fs.readFileSync(env.sim.kubeconfigPath, 'utf8');
  const secrets = [...secretsOf(text), 'sekrit-token-for-closed-port'];
  assert.ok(secrets.length >= 4, 'the simulator kubeconfig has secrets to look for');

  const port = await closedPort();
  const broken = `${env.dir}/broken`;
  fs.writeFileSync(broken, `apiVersion: v1\nusers:\n- name: x\n  user:\n    token: sekrit-token-for-broken-file\n  {{{`);
  secrets.push('sekrit-token-for-broken-file');
  env.sim.cluster('k8s-gpu').faults.revokeToken('viewer@k8s-gpu');
  const m = env.manager([extraKubeconfig(env.dir, 'down', `https://127.0.0.1:${port}`, 'sekrit-token-for-closed-port'), broken]);
  await m.startAll();
  assert.equal(m.get('viewer@k8s-gpu')?.error?.kind, 'unauthorised');
  assert.equal(m.get('down')?.error?.kind, 'unreachable');

  const collected: string[] = [...env.logs, ...(m.kubeconfig?.errors ?? [])];
  for (const s of m.all()) if (s.error) collected.push(s.error.message, s.error.stack ?? '');
  // A log stream that fails (not found) and reports it.
  const lab = m.get('admin@k8s-lab');
  assert.ok(lab, 'the lab context is loaded');
  const notices: string[] = [];
  await new PodLogStream({ http: lab.http, namespace: 'default', pod: 'missing', via: 'lab' }, { maxRetries: 0 },
    { line: () => undefined, notice: (n) => notices.push(n) }).run().catch((e: Error) => collected.push(e.message, e.stack ?? ''));
  collected.push(...notices);
  assert.ok(collected.some((c) => /missing/.test(c)), 'the failed log stream reported something to search');
  collected.push(JSON.stringify(m.snapshots()), JSON.stringify(buildTree(m.snapshots())), JSON.stringify(buildFacts(m.snapshots())));
  const all = collected.join('\n');
  for (const s of secrets) assert.ok(!all.includes(s), `a secret leaked: ${s.slice(0, 6)}…`);
  assert.ok(!/BEGIN (CERTIFICATE|RSA PRIVATE KEY|PRIVATE KEY|EC PRIVATE KEY)/.test(all), 'no PEM block');
  assert.ok(!/apiVersion: v1\s+kind: Config/.test(all), 'no kubeconfig body');
  assert.ok(!/Bearer /.test(all), 'no Authorization header');
});
