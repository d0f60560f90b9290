// The kinds added with the whole liqo-crds chart: IP and Network, the WireGuard gateway templates,
// FirewallConfiguration, RouteConfiguration and VkOptionsTemplate get skeletons, completion and hover; LIQO003
// says what Liqo really serves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { managedKinds } from '../../schemas/index';
import { createLanguageService } from '../../server/src/core/service';
import { diagnose, docOf, fix, uri, withCursor } from '../util/service';
import { checkLspSeverities } from '../util/severities';

const handWritten = ['IP', 'Network', 'WgGatewayServerTemplate', 'WgGatewayClientTemplate', 'FirewallConfiguration', 'RouteConfiguration', 'VkOptionsTemplate'];

function complete(marked: string): CompletionItem[] {
  const { doc, position } = withCursor(marked);
  return createLanguageService().complete(doc, position).items;
}

function hover(marked: string): string {
  const { doc, position } = withCursor(marked);
  const h = createLanguageService().hover(doc, position);
  return h ? (h.contents as MarkupContent).value : '';
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => String(i.label));

/** A snippet as it reads once every placeholder keeps its default (the first choice of a list). */
function expandSnippet(snippet: string): string {
  const values = new Map<string, string>();
  let text = snippet;
  // Innermost placeholders first, so that a default holding another placeholder sees its value.
  for (let guard = 0; guard < 100 && /\$\{\d+[:|}]/.test(text); guard++) {
    text = text.replace(/\$\{(\d+)(?::((?:[^${}\\]|\\.)*)|\|([^|]*)\||)\}/g, (_m, n: string, def?: string, choices?: string) => {
      const value = def ?? choices?.split(',')[0] ?? values.get(n) ?? '';
      if (!values.has(n)) values.set(n, value);
      return value;
    });
  }
  return text.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

function skeletonOf(kind: string): string {
  const item = complete('|').find((i) => String(i.label).startsWith(`${kind} (`));
  assert.ok(item?.textEdit, `no skeleton for ${kind}`);
  return item.textEdit.newText;
}

void test('an empty document offers a skeleton for each hand-written kind and none for the kinds Liqo manages', () => {
  const offered = labels(complete('|')).map((l) => l.slice(0, l.indexOf(' (')));
  for (const kind of handWritten) assert.ok(offered.includes(kind), kind);
  for (const kind of managedKinds) assert.ok(!offered.includes(kind), kind);
  assert.ok(labels(complete('|')).includes('IP (ipam.liqo.io/v1alpha1)'));
});

void test('a hand-made skeleton, with its placeholders at their defaults, is a manifest with no finding', async () => {
  for (const kind of ['ResourceSlice', 'NamespaceOffloading', 'VirtualNode', ...handWritten]) {
    const text = expandSnippet(skeletonOf(kind));
    assert.deepEqual((await diagnose(text)).map((d) => `${String(d.code)} ${d.message}`), [], `${kind} skeleton:\n${text}`);
  }
  // The others are built from the schema and leave the values to the user, but name only fields the kind has.
  for (const label of labels(complete('|'))) {
    const text = expandSnippet(skeletonOf(label.slice(0, label.indexOf(' ('))));
    assert.deepEqual((await diagnose(text)).filter((d) => d.code !== 'LIQO010' && d.code !== 'LIQO011'), [], text);
  }
});

void test('the networking skeletons carry the labels Liqo selects them by', () => {
  assert.match(skeletonOf('FirewallConfiguration'), /networking\.liqo\.io\/firewall-category: \$\{3\|gateway,fabric\|\}\n\s+networking\.liqo\.io\/firewall-subcategory: \$\{4\|all-gateways,all-nodes\|\}/);
  assert.match(skeletonOf('RouteConfiguration'), /networking\.liqo\.io\/route-category: \$\{3\|fabric,gateway\|\}/);
  const server = expandSnippet(skeletonOf('WgGatewayServerTemplate'));
  assert.match(server, /kind: WgGatewayServer\n/);
  assert.match(server, /port: "\{\{ \.Spec\.Endpoint\.Port \}\}"/);
  assert.match(expandSnippet(skeletonOf('WgGatewayClientTemplate')), /kind: WgGatewayClient\n[\s\S]*name: "\{\{ \.Name \}\}"/);
});

void test('keys and values of the new kinds are completed from their schemas', () => {
  const fw = 'apiVersion: networking.liqo.io/v1beta1\nkind: FirewallConfiguration\nmetadata:\n  name: x\nspec:\n  table:\n';
  assert.deepEqual(labels(complete(`${fw}    family: |`)), ['INET', 'IPV4', 'IPV6', 'ARP', 'NETDEV', 'BRIDGE']);
  assert.deepEqual(labels(complete(`${fw}    chains:\n      - hook: |`)), ['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress']);
  assert.deepEqual(labels(complete(`${fw}    |`)).sort(), ['chains', 'family', 'name']);
  const rc = 'apiVersion: networking.liqo.io/v1beta1\nkind: RouteConfiguration\nmetadata:\n  name: x\nspec:\n  table:\n    name: t\n    rules:\n      - routes:\n          - dst: 10.0.0.0/8\n';
  assert.deepEqual(labels(complete(`${rc}            scope: |`)), ['global', 'link', 'host', 'site', 'nowhere']);
  const ip = complete('apiVersion: ipam.liqo.io/v1alpha1\nkind: IP\nmetadata:\n  name: x\nspec:\n  |');
  assert.deepEqual(labels(ip).sort(), ['ip', 'masquerade', 'networkRef', 'serviceTemplate']);
  assert.match(String(ip.find((i) => i.label === 'ip')?.detail), /^required/);
  const vk = labels(complete('apiVersion: offloading.liqo.io/v1beta1\nkind: VkOptionsTemplate\nmetadata:\n  name: x\nspec:\n  |'));
  for (const key of ['containerImage', 'createNode', 'reflectorsConfig', 'extraArgs', 'labelsNotReflected']) assert.ok(vk.includes(key), key);
  assert.deepEqual(labels(complete('apiVersion: offloading.liqo.io/v1beta1\nkind: VkOptionsTemplate\nspec:\n  createNode: |')), ['true', 'false']);
  assert.deepEqual(labels(complete('apiVersion: networking.liqo.io/v1beta1\nkind: WgGatewayServerTemplate\nspec:\n  |')).sort(), ['objectKind', 'template']);
});

void test('hover explains the fields of the new kinds in our words', () => {
  assert.match(hover('apiVersion: ipam.liqo.io/v1alpha1\nkind: Network\nspec:\n  ci|dr: 10.70.0.0/16\n'), /The CIDR to register/);
  assert.match(hover('apiVersion: ipam.liqo.io/v1alpha1\nkind: IP\nspec:\n  masq|uerade: true\n'), /\*\*masquerade\*\* · boolean/);
  const fw = 'apiVersion: networking.liqo.io/v1beta1\nkind: FirewallConfiguration\nspec:\n  table:\n    chains:\n      - rules:\n          filterRules:\n            - act|ion: tcpmssclamp\n';
  assert.match(hover(fw), /What to do with a matching packet/);
  const template = hover('apiVersion: networking.liqo.io/v1beta1\nkind: WgGatewayServerTemplate\nspec:\n  temp|late:\n    spec: {}\n');
  assert.match(template, /Go templates over the GatewayServer/);
  assert.match(hover('apiVersion: offloading.liqo.io/v1beta1\nkind: VkOptionsTemplate\nspec:\n  reflectorsConfig:\n    pod:\n      work|ers: 10\n'), /0 turns the reflection/);
});

void test('Go-template values in a gateway template are never checked as the rendered object\'s numbers, booleans or enums', async () => {
  const text = `apiVersion: networking.liqo.io/v1beta1
kind: WgGatewayServerTemplate
metadata:
  name: wireguard-server
spec:
  objectKind:
    apiVersion: networking.liqo.io/v1beta1
    kind: WgGatewayServer
  template:
    metadata:
      name: "{{ .Name }}"
    spec:
      service:
        spec:
          type: "{{ .Spec.Endpoint.ServiceType }}"
          ?loadBalancerIP: "{{ .Spec.Endpoint.LoadBalancerIP }}"
          ports:
          - port: "{{ .Spec.Endpoint.Port }}"
            targetPort: "{{ .Spec.Endpoint.Port }}"
            ?nodePort: "{{ .Spec.Endpoint.NodePort }}"
      deployment:
        spec:
          replicas: "{{ .Replicas }}"
          template:
            spec:
              containers:
              - name: wireguard
                args: ["--mtu={{ .Spec.MTU }}"]
                securityContext:
                  privileged: "{{ if gt (len .Spec.Endpoint.Ports) 1 }}true{{ else }}false{{ end }}"
`;
  assert.deepEqual(await diagnose(text), []);
});

void test('LIQO003 names the version Liqo serves a kind at, with a fix', async () => {
  const text = 'apiVersion: offloading.liqo.io/v1alpha1\nkind: VirtualNode\nmetadata:\n  name: old\n';
  const [d] = await diagnose(text);
  assert.equal(d.code, 'LIQO003');
  assert.equal(d.message, 'Liqo does not serve VirtualNode at offloading.liqo.io/v1alpha1; it serves it at offloading.liqo.io/v1beta1.');
  assert.match((await fix(text, 'LIQO003')).text, /^apiVersion: offloading\.liqo\.io\/v1beta1\nkind: VirtualNode\n/);
  const [ip] = await diagnose('apiVersion: networking.liqo.io/v1beta1\nkind: IP\nmetadata:\n  name: x\n');
  assert.equal(ip.message, 'Liqo does not serve IP at networking.liqo.io/v1beta1; it serves it at ipam.liqo.io/v1alpha1.');
});

void test('LIQO003 for a kind Liqo does not have: the kind probably meant, or what the group holds', async () => {
  const typo = 'apiVersion: networking.liqo.io/v1beta1\nkind: WgGatewayServerTemplat\nmetadata:\n  name: x\n';
  const [d] = await diagnose(typo);
  assert.equal(d.message, 'WgGatewayServerTemplat is not one of Liqo\'s kinds; did you mean WgGatewayServerTemplate (networking.liqo.io/v1beta1)?');
  assert.match((await fix(typo, 'LIQO003')).text, /kind: WgGatewayServerTemplate\n/);
  const both = await fix('apiVersion: networking.liqo.io/v1beta1\nkind: network\n', 'LIQO003');
  assert.equal(both.text, 'apiVersion: ipam.liqo.io/v1alpha1\nkind: Network\n');
  const [none] = await diagnose('apiVersion: ipam.liqo.io/v1alpha1\nkind: Subnet\n');
  assert.equal(none.message, 'Subnet is not one of Liqo\'s kinds; ipam.liqo.io has IP, Network.');
  const [group] = await diagnose('apiVersion: storage.liqo.io/v1\nkind: Volume\n');
  assert.match(group.message, /^Volume is not one of Liqo's kinds, and storage\.liqo\.io is not one of its API groups \(core\.liqo\.io, .*ipam\.liqo\.io\)\.$/);
});

void test('no LIQO003 for any of the 28 kinds at the version Liqo serves', async () => {
  const service = createLanguageService();
  const items = complete('apiVersion: |').map((i) => String(i.label));
  let checked = 0;
  for (const apiVersion of items) {
    for (const kind of labels(complete(`apiVersion: ${apiVersion}\nkind: |`))) {
      const found = (await service.validate(docOf(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`, `${uri}.${checked}`))) ?? [];
      assert.ok(!found.some((d) => d.code === 'LIQO003'), `${apiVersion} ${kind}`);
      checkLspSeverities(found, `${apiVersion} ${kind}`);
      checked++;
    }
  }
  assert.equal(checked, 28);
});
