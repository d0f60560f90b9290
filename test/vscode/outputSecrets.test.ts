// "Tokens, certificates and kubeconfig bodies are never logged", checked where a user would paste them from: the
// whole Liqo Output channel after a session with certificate, token and exec users. The simulator's kubeconfig has
// all three (exec@<cluster> runs test/e2e/harness/execPlugin.ts, which records every token it issues). A fourth
// context, added through liqo.clusters.kubeconfig, runs the same plugin but has it fail with an error line that
// echoes a secret of its kubeconfig and the token it made: the path where a secret would reach the channel (and the
// tree item, which shows the same error).
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LiqoApi } from '../../client/src/extension';
import { contextValues } from '../../client/src/views/model';
import { issuedTokensFile } from '../e2e/harness/execPlugin';
import { oneContext, outputText, roots, rootsText, setKubeconfigSetting, showLiqoView, simKubeconfigs, until } from './liqoView';

suite('the Output channel after token, certificate and exec users', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-output-'));
  let api: LiqoApi;

  suiteSetup(async () => { api = await showLiqoView(); });
  suiteTeardown(async () => {
    await setKubeconfigSetting(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const state = (label: string): string | undefined => roots(api).find((r) => r.label === label)?.contextValue;

  test('holds no token, key, certificate or exec secret, and no token an exec plugin issued', async () => {
    const configs = simKubeconfigs();
    const { doc } = configs[0] ?? assert.fail('no kubeconfig');
    const execUser = doc.users.find((u) => u.name === 'exec@k8s-lab')?.user.exec ?? assert.fail('the simulator\'s kubeconfig has no exec@k8s-lab user');
    const script = execUser.args?.[0] ?? assert.fail('no plugin script');
    const cluster = doc.clusters.find((c) => c.name === 'k8s-lab')?.cluster ?? assert.fail('no cluster k8s-lab');
    const failSecret = randomBytes(16).toString('hex');
    const refusedFile = path.join(dir, 'refused.kubeconfig');
    writeFileSync(refusedFile, oneContext('exec-refused@k8s-lab', cluster, {
      exec: { ...execUser, env: [...execUser.env ?? [], { name: 'PLUGIN_FAIL_SECRET', value: failSecret }] },
    }), { mode: 0o600 });
    await setKubeconfigSetting([...configs.map((c) => c.file), refusedFile]);

    // The session: every context connects, the exec one through its plugin; the refused one fails with the plugin's error.
    await until('admin@k8s-lab, viewer@k8s-lab and exec@k8s-lab connected, and exec-refused@k8s-lab failed', () =>
      ['admin@k8s-lab', 'viewer@k8s-lab', 'exec@k8s-lab'].every((c) => state(c) === contextValues.contextReady)
      && state('exec-refused@k8s-lab') === contextValues.contextFailed || undefined, 30_000, () => rootsText(api));
    const out = await until('the refused plugin\'s error in the Output channel', async () => {
      const text = await outputText();
      return /exec-refused@k8s-lab.*identity provider refused/.test(text) ? text : undefined;
    }, 30_000);

    const tokensFile = issuedTokensFile(script);
    assert.ok(existsSync(tokensFile), 'the exec plugin ran');
    const issued = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
    const execLab = issued.filter((t) => t.startsWith(`sim-exec.${Buffer.from('exec@k8s-lab').toString('base64url')}.`));
    assert.ok(execLab.length >= 2, `tokens were issued to exec@k8s-lab (connected) and its refused twin: ${execLab.length}`);

    const secrets: [string, string][] = [[failSecret, 'the refused plugin\'s client secret']];
    for (const { doc: d } of configs) {
      for (const { name, user } of d.users) {
        for (const key of ['token', 'client-certificate-data', 'client-key-data'] as const) {
          const v = user[key];
          if (typeof v === 'string') secrets.push([v, `${name}'s ${key}`]);
        }
        for (const e of user.exec?.env ?? []) if (e.name === 'SIM_EXEC_SECRET') secrets.push([e.value, `${name}'s exec secret`]);
        // The key itself, as the PEM lines the base64 above decodes to.
        const keyData = user['client-key-data'];
        if (typeof keyData === 'string') {
          for (const line of Buffer.from(keyData, 'base64').toString('utf8').split('\n')) {
            if (line.length >= 40 && !line.startsWith('-----')) secrets.push([line, `a line of ${name}'s private key`]);
          }
        }
      }
    }
    for (const t of issued) secrets.push([t, 'a token the exec plugin issued']);
    const kinds = new Set(secrets.map(([, what]) => what.replace(/^.*'s /, '')));
    for (const k of ['token', 'client-key-data', 'client-certificate-data', 'exec secret', 'private key']) assert.ok([...kinds].some((x) => x.includes(k)), `the kubeconfig has a ${k} to look for`);
    const leaked = secrets.filter(([s]) => out.includes(s)).map(([s, what]) => `${what} (${s.slice(0, 12)}…)`);
    assert.deepEqual(leaked, [], 'no secret in the Output channel');
    assert.doesNotMatch(out, /Bearer (?!\[redacted\])|BEGIN [A-Z ]*PRIVATE KEY/, 'no Authorization header or key');
    const refused = roots(api).find((r) => r.label === 'exec-refused@k8s-lab');
    assert.match(String(refused?.description), /identity provider refused client secret \[redacted\]/, 'the tree item shows the plugin\'s error, scrubbed');
    assert.deepEqual(secrets.filter(([x]) => `${String(refused?.description)} ${String(refused?.tooltip)}`.includes(x)).map(([, what]) => what), [], 'no secret in the tree item either');
  });
});
