// What the no-network guard (noNetworkGuard.ts, a preload) prints and exits with; apart, so that a test can read
// them without loading the guard into its own process.
export const guardMark = 'NO-NETWORK-GUARD:';
export const guardExitCode = 97;
