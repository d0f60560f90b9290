// The API server's RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass): a pod naming a RuntimeClass
// the cluster does not have is refused. The class's scheduling is left to the scheduler, which knows `liqo`.
import type { Cluster } from '../cluster.js';
import { ApiError } from '../errors.js';
import { asObj, str } from '../objects.js';
import type { Admission } from '../registry.js';
import { podType, runtimeClassType } from '../typeRefs.js';

export function runtimeClassAdmission(c: Cluster): Admission {
  return (req) => {
    if (req.t !== podType || req.op !== 'CREATE') return;
    const name = str(asObj(req.obj.spec).runtimeClassName);
    if (!name || c.store.peekOne(runtimeClassType, undefined, name)) return;
    throw new ApiError(403, 'Forbidden', `pods "${req.obj.metadata.name ?? ''}" is forbidden: pod rejected: RuntimeClass "${name}" not found`,
      { name: req.obj.metadata.name ?? '', kind: 'pods' });
  };
}
