// liqo-lint on a checkout it does not control: it reads only regular files under the roots it was given, checks
// their size before reading, writes SARIF locations relative to %SRCROOT% and encoded, keeps control characters
// out of its text output, and finishes on a hostile cluster's facts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync, writeSync, ftruncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { root } from '../util/lspClient';

const cli = path.join(root, 'dist', 'cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'liqo-lint-files-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI; a read that blocks or never ends fails the test at the timeout instead of hanging it. */
function lint(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [cli, ...args], { encoding: 'utf8', cwd, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, `liqo-lint did not finish within 20 s: ${String(r.error)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const offloading = (name: string) => `apiVersion: offloading.liqo.io/v1beta1\nkind: NamespaceOffloading\nmetadata:\n  name: ${name}\n  namespace: team-a\nspec:\n  podOffloadingStrategy: Remote\n`;

function dir(name: string): string {
  const d = path.join(work, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'good.yaml'), offloading('offloading'));
  return d;
}

test('a FIFO named *.yaml is skipped in a walk and refused as an argument, never opened', () => {
  const d = dir('fifo');
  execFileSync('mkfifo', [path.join(d, 'pipe.yaml')]);
  const walked = lint(d, '.');
  assert.equal(walked.code, 0, walked.stdout + walked.stderr);
  assert.match(walked.stdout, /^1 file\(s\) checked/m);
  assert.match(walked.stderr, /liqo-lint: skipped: pipe\.yaml: not a regular file/);
  const named = lint(d, 'pipe.yaml');
  assert.equal(named.code, 2);
  assert.match(named.stderr, /pipe\.yaml is not a regular file or a directory/);
});

test('a symlink to /dev/zero named x.yaml is skipped in a walk and refused as an argument', () => {
  const d = dir('zero');
  symlinkSync('/dev/zero', path.join(d, 'x.yaml'));
  const walked = lint(d, '.');
  assert.equal(walked.code, 0, walked.stdout + walked.stderr);
  assert.match(walked.stderr, /skipped: x\.yaml: a symbolic link out of /);
  const named = lint(d, 'x.yaml');
  assert.equal(named.code, 2);
  assert.match(named.stderr, /x\.yaml is not a regular file or a directory/);
});

test('a symlink out of the root is not followed; one inside it is', () => {
  const outside = dir('outside');
  writeFileSync(path.join(outside, 'secret.yaml'), offloading('secret'));
  const d = dir('links');
  symlinkSync(path.join(outside, 'secret.yaml'), path.join(d, 'escape.yaml'));
  symlinkSync(outside, path.join(d, 'escape-dir'));
  mkdirSync(path.join(d, 'sub'));
  writeFileSync(path.join(d, 'sub', 'inner.yaml'), offloading('inner'));
  symlinkSync(path.join(d, 'sub', 'inner.yaml'), path.join(d, 'alias.yaml'));
  symlinkSync(d, path.join(d, 'sub', 'loop'));
  const r = lint(d, '--format', 'json', '.');
  assert.equal(r.code, 1, r.stderr);
  const files = (JSON.parse(r.stdout) as { file: string; message: string }[]).map((f) => f.file);
  assert.deepEqual([...new Set(files)].sort(), ['alias.yaml', path.join('sub', 'inner.yaml')], 'the inner file, by its two names; nothing from outside');
  assert.doesNotMatch(r.stdout, /secret/);
  assert.match(r.stderr, /skipped: escape\.yaml: a symbolic link out of /);
  assert.match(r.stderr, /skipped: escape-dir: a symbolic link out of /);
});

test('a 3 GB file is not read: its size decides before any read', () => {
  const d = dir('huge');
  const fd = openSync(path.join(d, 'huge.yaml'), 'w');
  writeSync(fd, offloading('offloading'));
  ftruncateSync(fd, 3 * 1024 * 1024 * 1024);
  closeSync(fd);
  const r = lint(d, '.');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /huge\.yaml:1:1: warning LIQO002 File not checked: it is 3072\.0 MB, over the 4 MB limit\./);
});

const esc = '\u001b';

test('a file whose name and content hold ANSI escapes, spaces, # and %: plain text out, SARIF URIs relative and encoded', () => {
  const d = dir('names');
  const name = `bad ${esc}[31mred #1 %41.yaml`;
  writeFileSync(path.join(d, name), offloading(`"${esc}[2J${esc}]8;;https://evil.example${esc}\\\\evil"`));
  const text = lint(d, '.');
  assert.equal(text.code, 1, text.stderr);
  assert.ok(!text.stdout.includes(esc) && !text.stderr.includes(esc), JSON.stringify(text.stdout));
  assert.match(text.stdout, /^bad \[31mred #1 %41\.yaml:4:9: error LIQO101 A NamespaceOffloading must be named "offloading", not "\[2J\]8;;https:\/\/evil\.example\\evil"/m);

  const sarif = lint(d, '--format', 'sarif', '.');
  const log = JSON.parse(sarif.stdout) as { runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
  const run = log.runs[0];
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${d}/`);
  const locations = run.results.map((r) => r.locations[0].physicalLocation.artifactLocation);
  assert.ok(locations.length > 0);
  for (const loc of locations) {
    assert.equal(loc.uriBaseId, '%SRCROOT%');
    assert.equal(loc.uri, 'bad%20%1B%5B31mred%20%231%20%2541.yaml');
    assert.equal(decodeURIComponent(loc.uri), name);
  }
  // Outside the working directory: an absolute file URI, encoded the same way.
  const away = lint(dir('elsewhere'), '--format', 'sarif', path.join(d, name));
  const awayLoc = (JSON.parse(away.stdout) as typeof log).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.deepEqual(awayLoc, { uri: `file://${d}/bad%20%1B%5B31mred%20%231%20%2541.yaml` });
});

test('a hostile cluster\'s facts (a ReDoS pattern in its served schema) finish in bounded time with the right verdict', () => {
  const d = dir('facts');
  const schema = {
    type: 'object',
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { owner: { type: 'string', pattern: '^(a+)+$' } } } },
  };
  const facts = { takenAt: 1, clusters: [{ context: 'evil', clusterID: 'evil', reachable: true, foreignClusters: [], virtualNodes: [], namespaces: [], offloadings: [], crdSchemas: { 'offloading.liqo.io/v1beta1/NamespaceOffloading': schema } }] };
  writeFileSync(path.join(d, 'facts.json'), JSON.stringify(facts));
  writeFileSync(path.join(d, 'good.yaml'), `${offloading('offloading').replace('spec:\n  podOffloadingStrategy: Remote\n', 'spec:\n')}  owner: ${'a'.repeat(40)}b\n`);
  const started = Date.now();
  const r = lint(d, '--facts', 'facts.json', 'good.yaml');
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /error LIQO010 spec\.owner: "a{40}b" does not match \^\(a\+\)\+\$/);
});
