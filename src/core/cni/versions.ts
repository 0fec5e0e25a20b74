/** CNI spec versions libcni v1.3.0 knows (pkg/version All), and how to compare them. */
export const KNOWN_CNI_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

/** The version the istio-cni installer writes when it wraps a `.conf`; a safe default. */
export const DEFAULT_CNI_VERSION = '0.3.1';

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
