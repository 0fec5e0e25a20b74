/** One line saying why the cluster or snapshot could not be read, for exit code 2. */
import type { ClusterFailure } from '../../cluster/clusterClient';

export function describeFailure(f: ClusterFailure): string {
  if (f.kind === 'forbidden' && f.verb && f.resource) {
    const where = f.namespace ? ` in namespace ${f.namespace}` : ' at cluster scope';
    return `forbidden: cannot ${f.verb} ${f.resource}${where} (${f.message})`;
  }
  return `${f.kind}: ${f.message}`;
}
