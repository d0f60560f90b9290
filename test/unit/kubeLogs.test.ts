import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResumeState, sortableTime, splitTimestamp } from '../../client/src/kube/logResume';

void test('timestamps of any precision and offset sort correctly', () => {
  assert.equal(sortableTime('2026-01-01T10:00:00Z'), '2026-01-01T10:00:00.000000000');
  assert.equal(sortableTime('2026-01-01T10:00:00.5Z'), '2026-01-01T10:00:00.500000000');
  assert.equal(sortableTime('2026-01-01T12:00:00.000000001+02:00'), '2026-01-01T10:00:00.000000001');
  assert.equal(sortableTime('nope'), undefined);
  assert.equal(sortableTime('2026-01-01T10:00:00.123456789Z'), '2026-01-01T10:00:00.123456789');
  assert.equal(sortableTime('2026-01-01T10:00:00.123456789Z'), sortableTime('2026-01-01T12:00:00.123456789+02:00'));
  assert.deepEqual(splitTimestamp('2026-01-01T10:00:00.1Z hello world'), { ts: '2026-01-01T10:00:00.1Z', text: 'hello world' });
  assert.deepEqual(splitTimestamp('plain line'), { text: 'plain line' });
});

/** Replays a log like the API does after a reconnect with sinceTime (inclusive, whole seconds). */
function replayFrom(log: [string, string][], since: string): [string, string][] {
  const s = sortableTime(since) ?? '';
  return log.filter(([ts]) => (sortableTime(ts) ?? '') >= s);
}

void test('after a drop, the replay from sinceTime yields every line once, even with equal timestamps', () => {
  const log: [string, string][] = [];
  for (let i = 0; i < 50; i++) {
    // Several lines share a timestamp, and several timestamps share a second.
    const ts = `2026-01-01T10:00:0${Math.floor(i / 20)}.${String(Math.floor(i / 3)).padStart(3, '0')}Z`;
    log.push([ts, `seq=${i}`]);
  }
  for (const cut of [1, 7, 19, 20, 21, 33, 49]) {
    const st = new ResumeState();
    const out: string[] = [];
    for (const [ts, text] of log.slice(0, cut)) if (st.accept(ts)) out.push(text);
    const since = st.sinceTime();
    assert.ok(since);
    st.reconnected();
    for (const [ts, text] of replayFrom(log, since)) if (st.accept(ts)) out.push(text);
    assert.deepEqual(out, log.map(([, t]) => t), `cut at ${cut}`);
  }
});

void test('several drops in a row still give no gap and no duplicate', () => {
  const log: [string, string][] = Array.from({ length: 100 }, (_, i) => [`2026-01-01T10:00:${String(Math.floor(i / 10)).padStart(2, '0')}.000Z`, `seq=${i}`]);
  const st = new ResumeState();
  const out: string[] = [];
  let pos = 0;
  for (const cut of [5, 12, 13, 40, 99, 100]) {
    const since = st.sinceTime();
    const stream = since ? replayFrom(log, since) : log;
    if (since) st.reconnected();
    let taken = 0;
    for (const [ts, text] of stream) {
      if (st.accept(ts)) { out.push(text); pos++; }
      if (++taken && pos >= cut) break;
    }
  }
  assert.deepEqual(out, log.map(([, t]) => t));
  assert.ok(st.duplicatesDropped > 0);
});

void test('memory does not grow with the number of lines at one timestamp', () => {
  const st = new ResumeState();
  for (let i = 0; i < 100_000; i++) st.accept('2026-01-01T10:00:00Z');
  // The state is a handful of fields whatever the count.
  assert.ok(JSON.stringify(st).length < 300);
});
