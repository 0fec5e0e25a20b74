/**
 * The three output formats of `istio-cni-doctor lint`. Lines and columns are 1-based here
 * (core findings are 0-based, LSP style).
 */
import { type Finding, type RuleMeta, type Severity } from '../../core/cni/types';
import { PRODUCT_VERSION } from '../../protocol/version';

export type OutputFormat = 'text' | 'json' | 'sarif';

export function formatText(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}\n`,
    )
    .join('');
}

export function formatJson(findings: Finding[]): string {
  const out = findings.map((f) => ({
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.ruleId,
    message: f.message,
    related: f.related.map((r) => ({
      file: r.file,
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
    })),
  }));
  return JSON.stringify({ findings: out }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function uri(file: string): string {
  return encodeURI(file.replace(/\\/g, '/'));
}

function region(r: Finding['range']) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

/** SARIF 2.1.0, with the full rule catalog so viewers can show titles and help. */
export function formatSarif(findings: Finding[], rules: readonly RuleMeta[]): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'istio-cni-doctor',
            version: PRODUCT_VERSION,
            informationUri: 'https://example.invalid/istio-cni-doctor/docs/rules.md',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: r.description, markdown: r.description },
              helpUri: `https://example.invalid/istio-cni-doctor/docs/rules.md#${r.id}`,
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { source: r.source },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            { physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: region(f.range) } },
          ],
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: uri(r.file) }, region: region(r.range) },
          })),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
