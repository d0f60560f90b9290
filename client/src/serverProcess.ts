// How the language server process is started, shared by the extension and the benchmark so that what is
// measured is what users run.

/**
 * Node options for the server process. A small young generation keeps peak memory low while a large file is
 * first checked (the parse makes much short-lived garbage); measured, it costs no time on the benchmark file.
 */
export const serverExecArgv = ['--max-semi-space-size=2'];
