/** Markdown escaping for text that comes from the cluster (pod names, event messages). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+\-!|]/g, '\\$&');
}
