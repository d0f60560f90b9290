// The CEL environment of CRD validation rules: @bufbuild/cel's standard library and strings extension, the
// Kubernetes libraries (quantity, url, ip, cidr, lists, regex, format), every function metered (budget.ts).
import { celEnv, type CelEnv, type CelFunc, type CelResult, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { Meter, loopFuncs, metered, type MeterSlot } from './budget';
import { formatFuncs } from './k8sFormat';
import { listFuncs } from './k8sLists';
import { netFuncs } from './k8sNet';
import { quantityFuncs } from './k8sQuantity';
import { RegexCache, regexFuncs } from './k8sRegex';
import { urlFuncs } from './k8sUrl';
import { replaceFuncs } from './stringReplace';
import { opaqueRegistry } from './opaque';

let unmetered: CelEnv | undefined;

/** The functions that hold no state, unmetered: the source of every program's metered copies. */
function base(): CelEnv {
  unmetered ??= celEnv({ registry: opaqueRegistry, funcs: [...strings, ...replaceFuncs, ...quantityFuncs, ...urlFuncs, ...netFuncs, ...formatFuncs] });
  return unmetered;
}

export interface ProgramEnv {
  env: CelEnv;
  /** Set a fresh Meter here before each evaluation. */
  slot: MeterSlot;
}

/** An environment of its own for one program: its meter and its compiled patterns are not shared. */
export function programEnv(): ProgramEnv {
  const b = base();
  const slot: MeterSlot = { meter: new Meter(0) };
  const operator = (name: string, x: CelValue, y: CelValue): CelResult | undefined => b.funcs.find(name)?.call(0, undefined, [x, y]);
  const funcs: CelFunc[] = [...b.funcs, ...listFuncs(operator), ...regexFuncs(new RegexCache())].map((f) => metered(f, slot));
  return { env: celEnv({ registry: opaqueRegistry, funcs: [...funcs, ...loopFuncs(slot)] }), slot };
}
