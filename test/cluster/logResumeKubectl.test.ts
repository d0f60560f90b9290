// The log resume point judged by the real kubectl: after a drop we reconnect with sinceTime from ResumeState
// (client/src/kube/logResume.ts) and drop what it says we already showed. What is left must be exactly what
// `kubectl logs --since-time=<that time> --timestamps` prints, minus the lines we had: no loss, no repeat.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ResumeState, splitTimestamp } from '../../client/src/kube/logResume';
import { PodLogStream, type LogSink } from '../../client/src/kube/logStream';
import { Kubectl, kubectlOrError } from '../sim/kubectl';
import { must, readySession, startEnv, type Env } from './kubeHelpers';

const context = 'admin@k8s-lab';
let env: Env;
let k: Kubectl;
let pod = '';

/** kubectl's lines of the controller manager's log, with timestamps; `since` as --since-time. */
async function kubectlLog(since?: string): Promise<string[]> {
  const out = await k.ok(['logs', '-n', 'liqo', pod, '--timestamps', ...(since ? [`--since-time=${since}`] : [])], { context });
  return out.split('\n').filter((l) => l !== '');
}

const stamp = (line: string): string => must(splitTimestamp(line).ts, `a timestamp on "${line}"`);

before(async () => {
  // Several lines a second, so that a resume point falls inside a second as well as on its first line.
  env = await startEnv({ logIntervalMs: 150 });
  k = new Kubectl(kubectlOrError(), env.sim.kubeconfigPath);
  const names = (await k.ok(['get', 'pods', '-n', 'liqo', '-o', 'name'], { context })).split('\n');
  pod = must(names.find((n) => n.includes('liqo-controller-manager')), 'the controller manager pod').replace('pod/', '');
  // At least three whole seconds of log.
  const deadline = Date.now() + 15_000;
  while ((await kubectlLog()).length < 25) {
    if (Date.now() > deadline) throw new Error(`the log of ${pod} did not reach 25 lines within 15 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
});
after(async () => { await env.stop(); });

void test('at every resume point, the lines we show after the reconnect are kubectl\'s --since-time lines minus those we had', async () => {
  const full = await kubectlLog();
  // Each cut: the number of lines we had before the drop. Cover every position within a second, and several seconds.
  const cuts = Array.from({ length: Math.min(full.length - 1, 12) }, (_, i) => i + 1);
  const resumes: { cut: number; since: string; fromKubectl: string[]; shown: string[] }[] = [];
  for (const cut of cuts) {
    const state = new ResumeState();
    for (const l of full.slice(0, cut)) assert.ok(state.accept(stamp(l)), `a first-time line is shown: ${l}`);
    const since = must(state.sinceTime(), 'a resume point');
    const fromKubectl = await kubectlLog(since);
    state.reconnected();
    resumes.push({ cut, since, fromKubectl, shown: fromKubectl.filter((l) => state.accept(stamp(l))) });
  }
  // The whole log, now longer than any of kubectl's answers above, judges each resume up to kubectl's last line.
  const whole = await kubectlLog();
  let replayedOverlap = 0;
  for (const { cut, since, fromKubectl, shown } of resumes) {
    const lastIndex = whole.indexOf(must(fromKubectl.at(-1), 'a line from kubectl'));
    assert.ok(lastIndex >= cut - 1, `kubectl's last line is in the whole log (cut ${cut})`);
    assert.deepEqual(shown, whole.slice(cut, lastIndex + 1), `cut after line ${cut} (${stamp(full[cut - 1] ?? '')}), resumed since ${since}`);
    assert.deepEqual([...full.slice(0, cut), ...shown], whole.slice(0, lastIndex + 1), `nothing lost or repeated at cut ${cut}`);
    replayedOverlap += fromKubectl.length - shown.length;
  }
  // sinceTime has whole seconds: kubectl replays lines we had, and the resume state must have dropped them.
  assert.ok(replayedOverlap > cuts.length, `kubectl replayed ${replayedOverlap} lines we already had over ${cuts.length} resumes`);
});

void test('a followed stream dropped three times shows exactly what kubectl prints for the same span', async () => {
  const lab = await readySession(env, context);
  const shown: string[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  const sink: LogSink = {
    line(text, _pod, ts) {
      shown.push(`${must(ts, 'a timestamp')} ${text}`);
      if (waiter && shown.length >= waiter.n) { waiter.resolve(); waiter = undefined; }
    },
    notice: () => undefined,
  };
  const waitFor = (n: number): Promise<void> => new Promise((resolve, reject) => {
    if (shown.length >= n) { resolve(); return; }
    const timer = setTimeout(() => reject(new Error(`only ${shown.length} of ${n} log lines arrived within 20 s`)), 20_000);
    waiter = { n, resolve: () => { clearTimeout(timer); resolve(); } };
  });
  const stream = new PodLogStream({ http: lab.http, namespace: 'liqo', pod, via: context }, { follow: true, tailLines: 3 }, sink);
  const done = stream.run();
  for (const n of [8, 16, 24]) {
    await waitFor(n);
    env.sim.cluster('k8s-lab').faults.dropLogStreams();
  }
  await waitFor(32);
  stream.stop();
  await done;
  const whole = await kubectlLog(`${stamp(must(shown[0], 'a first line')).slice(0, 19)}Z`);
  const first = whole.indexOf(must(shown[0], 'a first line'));
  assert.ok(first >= 0, `kubectl prints our first line: ${shown[0]}`);
  assert.deepEqual(shown, whole.slice(first, first + shown.length), 'the shown lines are kubectl\'s, in order, none lost or repeated');
});
