// Liqo's own manifests of the newer kinds (test/fixtures/liqo-examples, see its README): the complete ones get no
// finding at all from the language service; the others only on the lines of their <PLACEHOLDERS>.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/core/service';
import { docOf } from '../util/service';
import { checkLspSeverities } from '../util/severities';

const root = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'liqo-examples');
const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml')).sort();


void test('Liqo\'s examples, docs and chart objects of the newer kinds are all here', () => {
  assert.equal(files.length, 14);
  for (const kind of ['WgGatewayServerTemplate', 'WgGatewayClientTemplate', 'IP', 'Network', 'FirewallConfiguration', 'VkOptionsTemplate']) {
    assert.ok(files.some((f) => readFileSync(path.join(root, f), 'utf8').includes(`kind: ${kind}\n`)), kind);
  }
});

for (const file of files) {
  void test(`${file}: findings only where Liqo left a placeholder`, async () => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const lines = text.split('\n');
    const found = (await createLanguageService().validate(docOf(text, `file:///${file}`))) ?? [];
    checkLspSeverities(found, file);
    const unexpected = found
      .filter((d) => !/<[A-Z_]+>/.test(lines[d.range.start.line]))
      .map((d) => `${String(d.code)}@${d.range.start.line + 1}`);
    // The chart labels its FirewallConfigurations webhook-skip so that they install before its webhook serves;
    // every rule in them is named, so skipping the webhook loses nothing and they get no LIQO170 either.
    assert.deepEqual(unexpected, [], found.map((d) => d.message).join('\n'));
  });
}

void test('the placeholder of the docs\' IP is the one finding there', async () => {
  const text = readFileSync(path.join(root, 'docs', 'external-ip-remapping.ip.yaml'), 'utf8');
  const found = (await createLanguageService().validate(docOf(text))) ?? [];
  checkLspSeverities(found);
  assert.deepEqual(found.map((d) => [d.code, d.message]), [['LIQO010', 'spec.ip: "<EXTERNAL_IP>" is not an IPv4 address (such as 10.0.0.1)']]);
});
