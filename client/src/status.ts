// The language status item: the server's state, whether checks are on, and how many clusters are reachable.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { serverStatusRequest } from '../../server/src/protocol';
import type { ClusterAccess } from './clusterAccess';
import type { Ctx } from './ctx';

export function registerStatus(ctx: Ctx, clusters: ClusterAccess): void {
  const item = ctx.own(vscode.languages.createLanguageStatusItem('liqo.status', { language: 'yaml' }));
  item.name = 'Liqo';
  item.command = { title: 'Show clusters', command: 'liqo.clusters.focus' };
  let timer: NodeJS.Timeout | undefined;

  const update = async (): Promise<void> => {
    timer = undefined;
    const client = ctx.languageClient;
    const server = !client ? 'server not started' : client.state === State.Running ? 'server running'
      : client.state === State.Starting ? 'server starting' : 'server stopped';
    let detail = server;
    if (client?.state === State.Running) {
      try {
        const s = await client.sendRequest(serverStatusRequest);
        detail = `${server} · ${s.documents} document(s) · facts for ${s.factsClusters} cluster(s)`;
        if (s.checkRestarts) detail += ` · checks started afresh ${s.checkRestarts} time(s) after a file took too long`;
      } catch {
        // An older server or a busy one: the state alone is enough.
      }
    }
    if (ctx.serverNote) detail = `${ctx.serverNote} · ${detail}`;
    if (!ctx.config.settings.validationEnable) detail = `checks off (liqo.validation.enable) · ${detail}`;
    const h = clusters.health();
    const clustersText = !clusters.trusted ? 'clusters off (untrusted)' : h.total === 0 ? 'no clusters' : `${h.ready}/${h.total} clusters reachable`;
    item.text = `Liqo: ${clustersText}`;
    item.detail = detail;
    item.severity = h.failed > 0 || client?.state === State.Stopped || ctx.serverNote ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };
  const schedule = (): void => {
    timer ??= setTimeout(() => { void update(); }, 250);
  };
  ctx.own(clusters.onDidChange(schedule));
  ctx.own(ctx.onDidChangeServerState(schedule));
  ctx.own(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('liqo.validation')) schedule(); }));
  ctx.own(ctx.onDidStartClient((c) => { schedule(); ctx.ownForClient(c.onDidChangeState(schedule)); }));
  ctx.own({ dispose: () => clearTimeout(timer) });
  schedule();
}
