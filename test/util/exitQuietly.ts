// Node 20 now and then aborts while it frees a test file's process, after every test has passed and all output is
// written: "Assertion failed: (base_object_count_) == (0)" in node::Realm::~Realm(), SIGABRT, which the test runner
// counts as a failed file. It was seen about once in a dozen runs of a cluster test file on a busy machine. Ending the
// process from the 'exit' event (the event loop is empty and the output flushed by then) skips that teardown and keeps
// the exit code; a failed test still fails. Called from a file's after() hook.
let armed = false;

export function exitWithoutTeardown(): void {
  if (armed) return;
  armed = true;
  process.on('exit', (code) => { process.exit(code); });
}
