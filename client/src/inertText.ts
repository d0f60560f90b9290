// Text from outside (a cluster's names and messages, a webhook's refusal, a kubeconfig, an error) made inert before
// it reaches a notification: VS Code renders `[label](command:…)` there as a link that runs the command when
// clicked, so a hostile admission webhook could offer "Request an exemption" that sends keystrokes to a
// terminal. A space between `]` and `(` leaves the words and drops the link. Terminal escapes, other control
// characters and bidirectional overrides go, credentials are redacted, and long texts are cut.
import { redact } from './redact';

const maxLength = 500;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ansi = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex -- as above
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function inert(text: string): string {
  const flat = redact(text).replace(ansi, '').replace(controls, '').replace(/\]\s*\(/g, '] (');
  return flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
}
