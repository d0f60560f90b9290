// A setting changed while the extension runs takes effect without a reload: liqo.clusters.kubeconfig pointed at
// another file makes the Liqo view show that file's contexts (connected), and removing it brings back KUBECONFIG's.
// (liqo.validation.enable at run time: commands.test.ts.)
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LiqoApi } from '../../client/src/extension';
import { contextValues } from '../../client/src/views/model';
import { oneContext, roots, rootsText, setKubeconfigSetting, showLiqoView, simKubeconfigs, until } from './liqoView';

suite('liqo.clusters.kubeconfig changed at run time', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liqo-setting-'));
  let api: LiqoApi;

  suiteSetup(async () => { api = await showLiqoView(); });
  suiteTeardown(async () => {
    await setKubeconfigSetting(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = (label: string): boolean => roots(api).some((r) => r.label === label && r.contextValue === contextValues.contextReady);

  test('another file\'s contexts replace KUBECONFIG\'s in the view at once, and come back out when the setting is removed', async () => {
    await until('admin@k8s-lab to be connected, from KUBECONFIG', () => ready('admin@k8s-lab') || undefined, 30_000, () => rootsText(api));
    const { doc } = simKubeconfigs()[0] ?? assert.fail('no kubeconfig');
    const cluster = doc.clusters.find((c) => c.name === 'k8s-gpu')?.cluster ?? assert.fail('no cluster k8s-gpu');
    const user = doc.users.find((u) => u.name === 'admin@k8s-gpu')?.user ?? assert.fail('no user admin@k8s-gpu');
    const file = path.join(dir, 'only-gpu.kubeconfig');
    writeFileSync(file, oneContext('setting-check', cluster, user), { mode: 0o600 });
    try {
      await setKubeconfigSetting([file]);
      await until('the view to show only setting-check, connected', () =>
        roots(api).length === 1 && ready('setting-check') || undefined, 30_000, () => rootsText(api));
      assert.match(String(roots(api)[0]?.description), /^k8s-gpu · /, 'its cluster ID is the one k8s-gpu reports');
    } finally {
      await setKubeconfigSetting(undefined);
    }
    await until('KUBECONFIG\'s contexts to be back, connected, without setting-check', () =>
      ready('admin@k8s-lab') && ready('admin@k8s-gpu') && !roots(api).some((r) => r.label === 'setting-check') || undefined, 30_000, () => rootsText(api));
  });
});
