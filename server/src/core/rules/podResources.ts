// What a provider's admission reads of an offloaded pod, kept with the document's summary so the live rules can
// hold it against the provider's Quota and RuntimeClasses without analysing the document again: each container's
// requests and limits as the API server stores them, and the runtime class the pod gets on the provider.
import { removeLineEdit, setPathEdit, type Path } from '../ast';
import { at, get, isObj, keyAt, obj, str, type DocContext } from '../docContext';
import { annotations } from '../../liqo/keys';
import type { DocSummary } from './crossDocument';
import type { RawEdit } from '../types';

type Side = 'requests' | 'limits';

export interface ContainerResources {
  name: string;
  init: boolean;
  /**
   * Requests as the API server stores them: the written ones, plus the limit of every resource they leave out
   * (Kubernetes defaults a pod's missing request to its limit).
   */
  requests: Record<string, unknown>;
  limits: Record<string, unknown>;
  /** Where a request or limit is written; a defaulted request is placed on its limit. */
  range(side: Side, resource: string): [number, number];
  /** Where the container's name is written, for what the container lacks. */
  nameRange(): [number, number];
  /** An edit that makes `to.resource` what `from.resource` is, replacing or adding it. */
  copy(from: Side, to: Side, resource: string): RawEdit | undefined;
}

export interface PodResources {
  containers: ContainerResources[];
  /** The `liqo.io/remote-runtime-class-name` annotation of the pod (template). */
  remoteRuntimeClass?: { name: string; range(): [number, number] };
  /** Edits that move `spec.runtimeClassName` to that annotation (or only drop it when the annotation is there). */
  runtimeClassToAnnotation(): RawEdit[] | undefined;
}

/** A document's summary as the live rules read it: the file-wide one, plus a workload's pod resources. */
export type WorkloadSummary = DocSummary & { pod?: PodResources };

/** The pod resources of a workload whose pod spec is at `specPath`. */
export function summarizePodResources(ctx: DocContext, specPath: Path): PodResources {
  const metaPath = [...specPath.slice(0, -1), 'metadata'];
  const annotationPath = [...metaPath, 'annotations', annotations.remoteRuntimeClassName];
  const remote = str(ctx.value, annotationPath);
  return {
    containers: ['initContainers', 'containers'].flatMap((list) => {
      const items = get(ctx.value, [...specPath, list]);
      return Array.isArray(items) ? items.flatMap((c, i) => (isObj(c) ? [container(ctx, [...specPath, list, i], c, list === 'initContainers', i)] : [])) : [];
    }),
    ...(remote ? { remoteRuntimeClass: { name: remote, range: () => at(ctx, annotationPath) } } : {}),
    runtimeClassToAnnotation: () => {
      const name = str(ctx.value, [...specPath, 'runtimeClassName']);
      const drop = name ? removeLineEdit(ctx.text, keyAt(ctx, [...specPath, 'runtimeClassName'])[0], scalarEntryLine) : undefined;
      if (!name || !drop) return undefined;
      if (remote) return [drop];
      const add = setPathEdit(ctx.doc, annotationPath, name);
      return add ? [add, drop] : undefined;
    },
  };
}

function container(ctx: DocContext, path: Path, c: Record<string, unknown>, init: boolean, index: number): ContainerResources {
  const written = obj(ctx.value, [...path, 'resources', 'requests']) ?? {};
  const limits = obj(ctx.value, [...path, 'resources', 'limits']) ?? {};
  const where = (side: Side, resource: string): Path => {
    const stored = side === 'requests' && written[resource] === undefined ? 'limits' : side;
    return [...path, 'resources', stored, resource];
  };
  return {
    name: typeof c.name === 'string' ? c.name : `#${index + 1}`,
    init,
    requests: { ...limits, ...written },
    limits,
    range: (side, resource) => at(ctx, where(side, resource)),
    nameRange: () => at(ctx, c.name === undefined ? path : [...path, 'name']),
    copy: (from, to, resource) => {
      const source = from === 'requests' ? written[resource] ?? limits[resource] : limits[resource];
      if (source === undefined) return undefined;
      const [fs, fe] = at(ctx, where(from, resource));
      const target = to === 'requests' ? written[resource] : limits[resource];
      if (target === undefined) return setPathEdit(ctx.doc, [...path, 'resources', to, resource], source);
      const [ts, te] = at(ctx, [...path, 'resources', to, resource]);
      return { start: ts, end: te, newText: ctx.text.slice(fs, fe) };
    },
  };
}

/** A line that holds one `key: scalar` and nothing else, which a fix may delete whole. */
const scalarEntryLine = /^\s*[\w"'-]+\s*:\s*[^\s{}[\],&*!|>#][^{}[\],#]*(\s#.*)?$/;
