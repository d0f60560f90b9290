// Every command in one table: id -> handler. Ids are `liqo.<verb>`; titles, icons and menus are in package.json.
import * as vscode from 'vscode';
import type { ClusterAccess } from '../clusterAccess';
import type { Ctx } from '../ctx';
import { contextValues } from '../views/model';
import { issuedNode } from '../views/issued';
import { checkClusters, copyFix } from './doctor';
import { GpuMapPanel } from '../gpuMap/panel';
import { saveFacts } from './saveFacts';
import { streamLogs, stopLogs, LogStreams } from './streamLogs';
import { offloadNamespace, showOffloadingYaml, unoffloadNamespace } from './offload';
import { pickSession, requireTrust, setDetailsLog, showError } from './picks';
import { requestResourceSlice } from './slices';
import { openYaml, YamlDocuments, yamlScheme } from './yamlDocuments';
import { inert } from '../inertText';
import { checkExtendedResourceName } from '../../../server/src/liqo/syntax';

type Handler = (...args: unknown[]) => unknown;

/** A node argument counts only when the tree gave it out (views/issued.ts); anything else is ignored. */
const asNode = issuedNode;

export function registerCommands(ctx: Ctx, clusters: ClusterAccess): void {
  setDetailsLog(ctx.log);
  const docs = ctx.own(new YamlDocuments());
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(yamlScheme, docs));
  const streams = ctx.own(new LogStreams(clusters, () => ctx.config.settings.logsMaxLines, ctx.log, ctx.extension.extensionUri));

  const table: Record<string, Handler> = {
    'liqo.refresh': () => { if (requireTrust(clusters)) clusters.refresh(); },
    'liqo.retry': async (a) => {
      if (!requireTrust(clusters)) return;
      const n = asNode(a);
      if (n) { await clusters.retry(n.ref.context); return; }
      const failed = clusters.sessions?.all().filter((s) => s.state === 'failed') ?? [];
      if (!failed.length) { void vscode.window.showInformationMessage('Liqo: no cluster is failing.'); return; }
      const pick = await vscode.window.showQuickPick([{ label: 'All failed contexts', context: undefined as string | undefined },
        ...failed.map((s) => ({ label: s.context.name, description: s.error?.message, context: s.context.name }))], { title: 'Liqo: Retry' });
      if (pick) await clusters.retry(pick.context);
    },
    'liqo.copyClusterId': async (a) => {
      const n = asNode(a);
      let id = n?.contextValue === contextValues.peering ? n.ref.providerClusterID : n?.ref.clusterID;
      if (!id) id = (await pickSession(clusters, 'Liqo: Copy Cluster ID'))?.clusterID;
      if (!id) return;
      await vscode.env.clipboard.writeText(id);
      void vscode.window.showInformationMessage(inert(`Liqo: copied cluster ID ${id}.`));
    },
    'liqo.openYaml': (a) => openYaml(clusters, docs, asNode(a)),
    'liqo.offloadNamespace': (a) => offloadNamespace(clusters, docs, asNode(a)),
    'liqo.showOffloadingYaml': (a) => showOffloadingYaml(clusters, asNode(a)),
    'liqo.unoffloadNamespace': (a) => unoffloadNamespace(clusters, docs, asNode(a)),
    'liqo.requestResourceSlice': (a) => {
      const gpu = ctx.config.settings.gpuResource;
      const wrong = checkExtendedResourceName(gpu);
      if (wrong) { void vscode.window.showErrorMessage(inert(`Liqo: the setting liqo.clusters.gpuResource is wrong: ${wrong}.`)); return; }
      return requestResourceSlice(clusters, docs, gpu, asNode(a));
    },
    'liqo.streamLogs': (a) => streamLogs(clusters, streams, ctx.config.settings.logsTailLines, asNode(a)),
    'liqo.stopLogs': () => stopLogs(streams),
    // A Uri argument only proposes where to save: the dialog and the overwrite question always come.
    'liqo.saveFacts': (a) => saveFacts(clusters, a instanceof vscode.Uri ? a : undefined),
    'liqo.showOutput': () => ctx.log.show(),
    'liqo.checkClusters': () => checkClusters(clusters, ctx.log),
    'liqo.copyFix': (a) => copyFix(asNode(a)),
    'liqo.showGpuMap': () => { if (requireTrust(clusters)) GpuMapPanel.show(clusters, ctx.extension.extensionUri); },
    'liqo.restartServer': () => ctx.restartClient(),
  };

  for (const [id, handler] of Object.entries(table)) {
    ctx.own(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        // A failing command says so and is logged; it never leaks an unhandled rejection.
        ctx.log.error(`${id} failed: ${e instanceof Error ? e.message : String(e)}`);
        showError(id.replace('liqo.', ''), e);
        return undefined;
      }
    }));
  }
}
