// The talk's second half in the workbench: the Health folder of k8s-lab with the three planted findings (Cilium,
// Talos, overlapping pod CIDRs) and their fixes, Check Clusters, then after offloading liqo-demo the GPU map with
// k8s-lab borrowing k8s-gpu's GPU for web-nvidia-smi, opened from the Liqo view's title, and a pod in the map revealed
// in the tree by mouse and by keyboard.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { startSession, type Session } from './harness/session';
import { uiTest } from './harness/uiTest';
import { untilAsync } from './harness/wait';

describe('cluster doctor and GPU map', () => {
  let s: Session | undefined;
  before(async () => { s = await startSession(); });
  after(async () => { await s?.stop(); });

  uiTest('k8s-lab\'s Health folder shows LIQO901, LIQO902 and LIQO906, each with its fix', () => s, async ({ wb }) => {
    await wb.showLiqoView();
    await wb.widenSideBar(360);
    await wb.treeRow(/admin@k8s-lab.*k8s-lab/).waitFor({ state: 'visible', timeout: 30_000 });
    await wb.expand(wb.treeRow(/admin@k8s-lab.*k8s-lab/));
    // k8s-gpu's folder says "1 info"; k8s-lab's (admin before viewer) has all three.
    await wb.expand(wb.treeRow(/Health\s*1 error · 1 warning · 1 info/));
    for (const [code, fix] of [
      ['LIQO901 Cilium drops traffic that Liqo remaps', /Fix: Set enable-source-ip-verification: "false" in ConfigMap kube-system\/cilium-config/],
      ['LIQO902 Talos tools treat the virtual node as a worker', /Fix: Run talosctl upgrade-k8s with --pre-pull-images=false --upgrade-kubelet=false/],
      ['LIQO906 Pod CIDRs overlap, so Liqo remaps addresses', /Fix: Write network policies and firewall rules for k8s-gpu's pods with 10\.71\.0\.0\/16/],
    ] as const) {
      await wb.expand(wb.treeRow(code));
      await wb.treeRow(fix).waitFor({ state: 'visible', timeout: 15_000 });
    }
    await wb.treeRow(/Cilium verifies pods' source addresses/).waitFor({ state: 'visible' });
    await wb.screenshot('12-health-findings');
  });

  uiTest('Check Clusters reports the findings of every context', () => s, async ({ wb }) => {
    await wb.clearNotifications();
    await wb.runCommand('Liqo: Check Clusters');
    await wb.expectNotification(/Liqo: 8 finding\(s\) in 4 context\(s\): 2 error\(s\), 2 warning\(s\)/);
    await wb.clearNotifications();
  });

  uiTest('after offloading liqo-demo, the GPU map shows k8s-lab borrowing k8s-gpu\'s GPU for web-nvidia-smi', () => s, async ({ wb, page }) => {
    await (await wb.offloadFromPalette('admin@k8s-lab', 'liqo-demo')).click();
    await wb.expectNotification(/liqo-demo is offloaded/, 60_000);
    await wb.clearNotifications();
    // The button in the Liqo view's title, not the palette.
    await page.locator('[id="workbench.view.extension.liqo"] a.action-label[aria-label="Show GPU Map"], .part.sidebar a.action-label[aria-label="Show GPU Map"]').first().click();
    await wb.tab('GPU Map').waitFor({ state: 'visible', timeout: 30_000 });
    const view = wb.webview();
    await view.locator('#map svg text', { hasText: 'k8s-lab → k8s-gpu' }).waitFor({ state: 'visible', timeout: 30_000 });
    // Live: the pod starts after the map opened, and the map follows.
    await view.locator('#map svg text', { hasText: 'granted 1 · on node 1 · in use 1' }).waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('#map svg .row text', { hasText: /^liqo-demo\/web-nvidia-smi-\S+$/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('#map svg text', { hasText: '1 GPU · Running' }).waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('#map svg text', { hasText: 'lends 1 GPU: 1 in use' }).waitFor({ state: 'visible' });
    await view.locator('#numbers tbody tr', { hasText: /peering\s*k8s-lab\s*k8s-gpu\s*1\s*1\s*1\s*0\s*liqo-demo\/web-nvidia-smi-/ }).waitFor({ state: 'visible' });
    assert.match(await view.locator('#status').innerText(), /2 cluster\(s\) · 1 peering\(s\) · 1 GPU\(s\) lent, 1 in use · 0 GPU pod\(s\) waiting/);
    // The picture with the whole editor width, then the side bar back for the next test.
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await wb.screenshot('13-gpu-map');
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'visible' });
  });

  uiTest('Export CSV… and Export SVG… write the numbers and the picture where the save dialog says', () => s, async ({ wb, page, workspace }) => {
    for (const [button, file, content] of [
      ['#exportCsv', 'gpu-map.csv', /^record,cluster,peer,namespace,pod,own_gpus,granted,virtual_node_capacity,in_use,idle,requested\r\n[\s\S]*\r\npeering,k8s-lab,k8s-gpu,,,,1,1,1,0,\r\npod,k8s-lab,k8s-gpu,liqo-demo,web-nvidia-smi-/],
      ['#exportSvg', 'gpu-map.svg', /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<style>[\s\S]*granted 1 · on node 1 · in use 1/],
    ] as const) {
      await wb.clearNotifications();
      await wb.webview().locator(button).click();
      // code-server's save dialog is VS Code's simple one: a quick input holding the proposed path.
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await untilAsync('the proposed file name', async () => (await input.inputValue()).endsWith(file) || undefined, 15_000);
      await input.press('Enter');
      await wb.expectNotification(new RegExp(`exported the GPU map to ${file.replace('.', '\\.')}`));
      const text = await untilAsync(`${file} on disk`, async () => {
        try { return readFileSync(path.join(workspace, file), 'utf8'); } catch { return undefined; }
      }, 15_000);
      assert.match(text, content);
    }
    await wb.clearNotifications();
  });

  uiTest('a pod in the map is revealed in the tree by a click and by Enter', () => s, async ({ wb, page }) => {
    const view = wb.webview();
    const selected = page.locator('[id="workbench.view.extension.liqo"] .monaco-list-row[aria-selected="true"]');
    await view.locator('#map svg .row', { hasText: /web-nvidia-smi/ }).first().click();
    await selected.filter({ hasText: /web-nvidia-smi.*liqo-demo · 1 GPU · Running/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // Keyboard: focus the peering's box and press Enter; the virtual node is selected.
    await view.locator('#map svg .edge-hit').first().focus();
    await page.keyboard.press('Enter');
    await untilAsync('the virtual node k8s-gpu selected in the tree', async () =>
      (await selected.filter({ hasText: /k8s-gpu.*1 GPU \(1 in use\)/ }).count()) > 0 || undefined, 15_000);
  });

  uiTest('the map takes its colours from the theme: in Dark High Contrast its text and borders change', () => s, async ({ wb }) => {
    const view = wb.webview();
    // Runs in the webview (this file is compiled without the DOM's types, so the probe is a string).
    const probe = `(() => {
      const svg = document.querySelector('#map svg');
      const text = svg && svg.querySelector('text.title');
      const rect = svg && svg.querySelector('rect.cluster');
      if (!text || !rect) throw new Error('no cluster box drawn');
      return { text: getComputedStyle(text).fill, stroke: getComputedStyle(rect).stroke, width: getComputedStyle(rect).strokeWidth,
        hc: document.body.classList.contains('vscode-high-contrast') };
    })()`;
    const style = (): Promise<{ text: string; stroke: string; width: string; hc: boolean }> =>
      view.locator('#map svg').evaluate<{ text: string; stroke: string; width: string; hc: boolean }, undefined>(probe);
    const light = await style();
    assert.equal(light.hc, false);
    await wb.runCommand('Preferences: Color Theme');
    await wb.pick('Dark High Contrast');
    const hc = await untilAsync('the map redrawn in high contrast', async () => {
      const now = await style();
      return now.hc && now.text !== light.text ? now : undefined;
    }, 15_000);
    assert.notEqual(hc.stroke, light.stroke);
    assert.equal(hc.width, '2px', 'borders are thicker in high contrast');
    await wb.screenshot('gpu-map-high-contrast');
  });

  uiTest('the open map follows the clusters: after unoffloading, the pod waits again and k8s-gpu\'s GPU is idle', () => s, async ({ wb }) => {
    await wb.clearNotifications();
    await wb.runCommand('Liqo: Unoffload Namespace');
    await wb.answer('Context', 'admin@k8s-lab');
    await wb.answer('Offloaded namespace', 'liqo-demo');
    await (await wb.dialogButton('Unoffload')).click();
    // Unoffload opens its dry-run preview in the editor, over the map: bring the map (the same panel) back.
    await wb.runCommand('Liqo: Show GPU Map');
    const view = wb.webview();
    await view.locator('#map svg text', { hasText: 'granted 1 · on node 1 · in use 0' }).waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('#map svg text', { hasText: 'idle (no consumer uses): 1 GPU' }).waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('#map svg .row text', { hasText: /^waiting: liqo-demo\/web-nvidia-smi-/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('#status', { hasText: /1 GPU\(s\) lent, 0 in use · 1 GPU pod\(s\) waiting/ }).waitFor({ state: 'visible' });
  });
});
