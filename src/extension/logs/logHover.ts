/**
 * The hover on a matched log line: what it means, the likely cause, the fix, a link, the Istio
 * versions, and the pod or node it names (with a command to reveal it in the explorer when the
 * explorer knows it).
 */
import * as vscode from 'vscode';
import type { Finding, LogPattern } from '../../core/logs';
import { COMMANDS } from '../../protocol/ids';
import { type LogAnalyzer } from './logAnalyzer';

const SEVERITY_ICON = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;

export class LogHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyzer: LogAnalyzer) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const finding = this.analyzer.findingAt(doc, position.line);
    if (!finding) return undefined;
    const pattern = this.analyzer.pattern(finding.patternId);
    if (!pattern) return undefined;
    const range = new vscode.Range(finding.line, finding.startColumn, finding.line, finding.endColumn);
    return new vscode.Hover(hoverMarkdown(finding, pattern), range);
  }
}

export function hoverMarkdown(finding: Finding, pattern: LogPattern): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [COMMANDS.revealInExplorer] };
  md.appendMarkdown(`${SEVERITY_ICON[pattern.severity]} **${escape(pattern.title)}** \`${pattern.id}\`\n\n`);
  md.appendMarkdown(`**What it means:** ${escape(pattern.meaning)}\n\n`);
  md.appendMarkdown(`**Likely cause:** ${escape(pattern.cause)}\n\n`);
  md.appendMarkdown(`**Fix:** ${escape(pattern.fix)}\n\n`);
  const fields = Object.entries(finding.fields).filter(([, v]) => v);
  if (fields.length > 0) {
    md.appendMarkdown(fields.map(([k, v]) => `${k}: \`${String(v).replace(/`/g, "'")}\``).join(' · '));
    md.appendMarkdown('\n\n');
  }
  const links: string[] = [];
  if (pattern.link) links.push(`[Learn more](${pattern.link})`);
  const target = finding.fields.pod
    ? { pod: finding.fields.pod }
    : finding.fields.node
      ? { node: finding.fields.node }
      : undefined;
  if (target) {
    const args = encodeURIComponent(JSON.stringify([target]));
    links.push(
      `[Reveal ${target.pod ? 'pod' : 'node'} in Istio CNI explorer](command:${COMMANDS.revealInExplorer}?${args})`,
    );
  }
  if (links.length > 0) md.appendMarkdown(links.join(' · '));
  md.appendMarkdown(
    `\n\n_Istio ${escape(pattern.versions)}${finding.also.length ? ` · also matches ${finding.also.join(', ')}` : ''}_`,
  );
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+\-!|]/g, '\\$&');
}
