// The exec credential plugin of the editor tier's simulator (its exec@<cluster> contexts run it; see
// test/sim/kubeconfig.ts). It signs a token as the simulator checks it (test/sim/auth.ts) and appends every token it
// issues to `<script>.tokens`, so that a test can look for them where they must never appear. With PLUGIN_FAIL_SECRET
// set it fails as a refusing identity provider might: its error line echoes that secret and the token it made.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const script = `
const fs = require('node:fs');
const crypto = require('node:crypto');
const expires = Date.now() + 3600 * 1000;
const body = Buffer.from(process.env.SIM_EXEC_USER).toString('base64url') + '.' + expires;
const token = 'sim-exec.' + body + '.' + crypto.createHmac('sha256', process.env.SIM_EXEC_SECRET).update(body).digest('hex');
fs.appendFileSync(__filename + '.tokens', token + '\\n');
if (process.env.PLUGIN_FAIL_SECRET) {
  process.stderr.write('error: the identity provider refused client secret ' + process.env.PLUGIN_FAIL_SECRET + ' (tried Authorization: Bearer ' + token + ')\\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
  status: { token, expirationTimestamp: new Date(expires).toISOString() } }));
`;

/** Writes the plugin into `dir` and returns its path (for the simulator's `execPlugin`). */
export function writeExecPlugin(dir: string): string {
  const file = path.join(dir, 'exec-credential.cjs');
  writeFileSync(file, script, { mode: 0o700 });
  return file;
}

/** Where the plugin at `script` records the tokens it issued. */
export const issuedTokensFile = (script: string): string => `${script}.tokens`;
