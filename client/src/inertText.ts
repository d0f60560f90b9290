// Text from outside (a cluster's names and messages, a webhook's refusal, a kubeconfig, an error) made inert before
// it reaches a notification: VS Code renders `[label](command:…)` there as a link that runs the command when
// clicked, so a hostile admission webhook could offer "Request an exemption" that sends keystrokes to a
// terminal. A space between `]` and `(` leaves the words and drops the link. Long texts are cut.

const maxLength = 500;

export function inert(text: string): string {
  const flat = text.replace(/\]\s*\(/g, '] (');
  return flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
}
