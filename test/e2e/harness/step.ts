// Named steps of one test whose parts build on each other (a chain of tests would cascade after one failure): the
// first step that fails ends the test, and its error says which step it was.

/** Runs `fn` as the step `name`; a failure is rethrown with the step's name in front of its message. */
export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const named = `step "${name}" failed`;
    // The reporter prints the stack, which holds the message as it was when the error was made.
    if (err.stack) err.stack = `${named}: ${err.stack}`;
    err.message = `${named}: ${err.message}`;
    throw err;
  }
}
