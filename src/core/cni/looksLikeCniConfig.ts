/**
 * Decides whether a `.conf` / `.json` document is a CNI config, so the editor lints
 * `/etc/cni/net.d/10-calico.conf` but not `tsconfig.json`. Cheap: looks at the first 4 KB only.
 */
export function looksLikeCniConfig(text: string): boolean {
  const head = text.slice(0, 4096);
  if (/"cniVersion"\s*:/.test(head)) return true;
  const hasType = /"type"\s*:\s*"[\w.-]+"/.test(head);
  const hasPlugins = /"plugins"\s*:\s*\[/.test(head);
  if (hasPlugins && hasType) return true;
  return (
    hasType && /"(ipam|delegates|clusterNetwork|capabilities|kubeconfig|cni_agent_run_dir)"\s*:/.test(head)
  );
}
