// Namespace termination (delete the content, then the namespace) and garbage collection of objects
// whose owners are gone.
import type { Cluster } from '../cluster.js';
import { allTypes, typeByKind } from '../kinds.js';
import { str } from '../objects.js';
import { namespaceType } from '../typeRefs.js';
import type { World } from '../world.js';
import { remove } from './util.js';

function terminateNamespaces(c: Cluster): void {
  for (const ns of [...c.store.peek(namespaceType)]) {
    if (!ns.metadata.deletionTimestamp) continue;
    let left = 0;
    for (const t of allTypes) {
      if (!t.namespaced) continue;
      for (const o of [...c.store.peek(t)]) {
        if (o.metadata.namespace !== ns.metadata.name) continue;
        left++;
        if (!o.metadata.deletionTimestamp) remove(c, t, o);
      }
    }
    if (left === 0) c.store.remove(namespaceType, ns);
  }
}

function collectGarbage(c: Cluster): void {
  for (const t of allTypes) {
    for (const o of [...c.store.peek(t)]) {
      const refs = o.metadata.ownerReferences;
      if (!refs?.length || o.metadata.deletionTimestamp) continue;
      const alive = refs.some((r) => !typeByKind(str(r.apiVersion), str(r.kind)) || c.store.hasUid(str(r.uid)));
      if (!alive) remove(c, t, o);
    }
  }
}

export function lifecycleController(w: World): void {
  for (const c of w.active()) {
    terminateNamespaces(c);
    collectGarbage(c);
  }
}
