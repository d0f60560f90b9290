// What the cluster doctor reports: one finding per problem, with the context it is in, its code and severity, what
// it means and how to fix it. Plain data: the tree, the Check Clusters command and `liqo-facts --doctor` show it.

export type Severity = 'error' | 'warning' | 'information';

export type DoctorCode = 'LIQO901' | 'LIQO902' | 'LIQO903' | 'LIQO904' | 'LIQO905' | 'LIQO906';

export interface Finding {
  context: string;
  code: DoctorCode;
  severity: Severity;
  /** What is wrong and what it breaks, in a sentence or two. */
  message: string;
  /** What to do about it, naming the setting, flag or command. */
  fix: string;
  /** A short title for the tree. */
  title: string;
  /** What the finding is about, for the tree (a node, a peer, a pod). */
  subject?: string;
}

/** What the checks that compare peers (LIQO903, LIQO905) read of the other contexts: a snapshot has it, and so does a cheap summary. */
export interface PeerInfo {
  context: string;
  clusterID: string;
  state: string;
  liqoVersion: string;
  runtimeClasses?: string[];
}

/** Every check the doctor runs: its code, severity and title (the README's table lists the same). */
export const doctorChecks: Record<DoctorCode, { severity: Severity; title: string }> = {
  LIQO901: { severity: 'error', title: 'Cilium drops traffic that Liqo remaps' },
  LIQO902: { severity: 'warning', title: 'Talos tools treat the virtual node as a worker' },
  LIQO903: { severity: 'warning', title: 'Peers run different Liqo versions' },
  LIQO904: { severity: 'error', title: 'A peering module is unhealthy' },
  LIQO905: { severity: 'error', title: 'Lent GPUs that cannot run' },
  LIQO906: { severity: 'information', title: 'Pod CIDRs overlap, so Liqo remaps addresses' },
};

export function finding(context: string, code: DoctorCode, message: string, fix: string, subject?: string): Finding {
  const c = doctorChecks[code];
  return { context, code, severity: c.severity, title: c.title, message, fix, ...(subject ? { subject } : {}) };
}

const rank: Record<Severity, number> = { error: 0, warning: 1, information: 2 };

/** Errors first, then by context and code, so reports read the same on every run. */
export function sortFindings(list: Finding[]): Finding[] {
  return list.sort((a, b) => a.context.localeCompare(b.context) || rank[a.severity] - rank[b.severity] || a.code.localeCompare(b.code)
    || (a.subject ?? '').localeCompare(b.subject ?? ''));
}

/** The JSON `liqo-facts --doctor --format json` prints: an array of {context, code, severity, message, fix}. */
export function findingsJson(list: readonly Finding[]): string {
  return `${JSON.stringify(list.map((f) => ({ context: f.context, code: f.code, severity: f.severity, message: f.message, fix: f.fix })), null, 2)}\n`;
}

/** The text format: one block per finding, and a last line that counts them. */
export function findingsText(list: readonly Finding[], contexts: number): string {
  const blocks = list.map((f) => `${f.context}: ${f.severity} ${f.code}: ${f.message}\n  fix: ${f.fix}`);
  const errors = list.filter((f) => f.severity === 'error').length;
  const warnings = list.filter((f) => f.severity === 'warning').length;
  const summary = list.length
    ? `${list.length} finding(s) in ${contexts} context(s): ${errors} error(s), ${warnings} warning(s), ${list.length - errors - warnings} information`
    : `no findings in ${contexts} context(s)`;
  return `${[...blocks, summary].join('\n')}\n`;
}
