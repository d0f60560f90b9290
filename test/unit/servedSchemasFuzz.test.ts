// Seeded random served schemas and facts, as a hostile or broken cluster could send them: choosing, compiling and
// checking against them never throws, never hangs, and hover and completion stay answered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runGuarded } from '../../server/src/analysis/guard';
import { createLanguageService } from '../../server/src/core/service';
import type { ClusterFacts } from '../../server/src/liqo/clusterFacts';
import { rng, type Random } from '../fuzz/mutate';
import { docOf } from '../util/service';

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

const patterns = ['^(a+)+$', '(a|aa)*b', '^(?i)x$', 'a(?=b)', '(a)\\1', '[', '\\p{Greek}+', '^.*$', '', 'x{1000}{1000}'];
const rules = ["self.matches('^(a+)+$')", 'self.size() > 0', 'self.all(x, true)', '(', 'oldSelf == self', 'self.s.find("[")'];
const strings = ['', 'a'.repeat(50) + 'b', '$CLIPBOARD', '\u001b[2J', '[x](command:y)', '\n', 'aaaa'];

function schema(r: Random, depth: number): unknown {
  const roll = r();
  if (depth > 4 || roll < 0.15) return pick(r, [null, 1, 'x', [], true, { type: pick(r, ['string', 'integer', 'object', 'array', 'bogus', 7]) }]);
  const node: Record<string, unknown> = { type: pick(r, ['object', 'string', 'array', 'integer', ['string', 'null']]) };
  if (r() < 0.5) node.properties = Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 4) }, () => [pick(r, ['owner', 'spec', '$CLIPBOARD', 'x]', 'a\nb', '__proto__']), schema(r, depth + 1)]));
  if (r() < 0.3) node.pattern = pick(r, patterns);
  if (r() < 0.3) node['x-kubernetes-validations'] = [{ rule: pick(r, rules), message: pick(r, strings) }];
  if (r() < 0.2) node.items = schema(r, depth + 1);
  if (r() < 0.2) node.enum = [pick(r, strings), 3, null];
  if (r() < 0.2) node.description = pick(r, strings);
  if (r() < 0.1) node.required = pick(r, [['owner'], 'owner', [1]]);
  if (r() < 0.1) node.additionalProperties = schema(r, depth + 1);
  if (r() < 0.1) node['x-kubernetes-int-or-string'] = true;
  return node;
}

function facts(r: Random): ClusterFacts {
  const clusters = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => ({
    context: pick(r, [`c${i}`, '[x](command:y)', '']), clusterID: pick(r, [`id${i}`, '']), reachable: r() < 0.8,
    foreignClusters: [], virtualNodes: [], namespaces: [], offloadings: [],
    crdSchemas: r() < 0.1 ? (null as unknown as Record<string, object>) : Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 2) }, () => [
      pick(r, ['offloading.liqo.io/v1beta1/NamespaceOffloading', 'x/y', '', 'a/b/c/d']), schema(r, 0) as object,
    ])),
  }));
  return { takenAt: 1, clusters };
}

const doc = (r: Random) => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: offloading\n  namespace: team-a\nspec:\n  owner: ${pick(r, strings.map((s) => JSON.stringify(s)))}\n  podOffloadingStrategy: Remote\n`;

void test('random served schemas: facts, checks, hover and completion never throw or hang', () => {
  const r = rng(11);
  for (let i = 0; i < 300; i++) {
    const f = facts(r);
    const text = doc(r);
    const run = runGuarded(() => {
      const service = createLanguageService();
      service.setFacts(f);
      const steps = service.validation(docOf(text));
      let step = steps.next();
      while (!step.done) step = steps.next();
      service.hover(docOf(text), { line: 6, character: 3 });
      service.complete(docOf(text), { line: 6, character: 2 });
      return step.value;
    }, 3000);
    assert.ok(run.ok, `input ${i}: ${run.ok ? '' : run.error.split('\n').slice(0, 3).join(' | ')}\n${JSON.stringify(f).slice(0, 2000)}`);
  }
});
