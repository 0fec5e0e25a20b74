/** Links shared by catalog entries. */
export const CNI_TROUBLESHOOTING = 'https://istio.io/latest/docs/ops/diagnostic-tools/cni/';
export const CNI_SETUP = 'https://istio.io/latest/docs/setup/additional-setup/cni/';
export const AMBIENT_TROUBLESHOOTING = 'https://istio.io/latest/docs/ambient/usage/troubleshoot-ztunnel/';
export const PLATFORM_PREREQS = 'https://istio.io/latest/docs/ambient/install/platform-prerequisites/';

/** A link to an istio/istio issue. */
export function istioIssue(n: number): string {
  return `https://github.com/istio/istio/issues/${n}`;
}
