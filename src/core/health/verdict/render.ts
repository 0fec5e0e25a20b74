/**
 * Verdicts and pod stories as text: the CLI prints it, the extension shows it as a read-only
 * document (each entry line then links to its source). One wording for both.
 */
import type { PodStory, TimelineEntry } from './timeline';
import type { Fact, FactSource, MissingEvidence, Verdict } from './types';

/** Where a fact can be read, in words: `istio-cni-node-phh7t (install-cni) log line 43`. */
export function sourceLabel(s: FactSource): string {
  switch (s.kind) {
    case 'log':
      return `${s.pod} (${s.container}) log line ${s.line + 1}`;
    case 'file': {
      const a = s.range.start.line + 1;
      const b = s.range.end.line + 1;
      return `${s.node}:${s.path} line${a === b ? ` ${a}` : `s ${a}-${b}`}`;
    }
    case 'event':
      return `event ${s.reason} of ${s.object}`;
    case 'pod':
      return `pod ${s.namespace}/${s.name}`;
    case 'node':
      return `node ${s.name}`;
  }
}

/** How to load missing evidence, for the CLI (`--node-evidence`) or the extension (a command). */
export type LoadHint = (m: MissingEvidence) => string;

export function verdictLines(v: Verdict, hint: LoadHint): string[] {
  const out: string[] = [];
  const how = v.confidence === 'explained' ? 'explained' : 'suspected';
  out.push(`Verdict (${how}): ${v.cause.title}`);
  out.push(`  Why: ${v.cause.explanation}`);
  out.push(`  Fix: ${v.fix}`);
  out.push(`  Symptom: ${v.symptom}`);
  if (v.chain.length) {
    out.push('  Evidence:');
    v.chain.forEach((f, i) => out.push(`    ${i + 1}. ${factLine(f)}`));
  }
  for (const m of v.missing)
    out.push(
      `  To confirm: read the ${m.what === 'net.d' ? 'net.d' : 'istio-cni-node log'} of ${m.node}; it would show ${m.wouldShow}. Not read: ${m.why}. ${hint(m)}.`,
    );
  return out;
}

export const factLine = (f: Fact): string =>
  `${f.time ? `${f.time}  ` : ''}${f.text}  [${sourceLabel(f.source)}]`;

const KIND_LABEL: Record<TimelineEntry['kind'], string> = {
  status: 'pod',
  validation: 'validation',
  event: 'event',
  'cni-log': 'cni log',
  repair: 'repair',
  node: 'node',
};

/** One timeline entry on one line: `time  kind  text  [source]`. */
export function entryLine(e: TimelineEntry): string {
  return `${(e.time || '(no time)').padEnd(27)} ${KIND_LABEL[e.kind].padEnd(10)} ${e.text}  [${sourceLabel(e.source)}]`;
}

export function storyText(story: PodStory, hint: LoadHint): string {
  const out: string[] = [`Pod ${story.namespace}/${story.name}${story.node ? ` on ${story.node}` : ''}`, ''];
  if (story.verdict) out.push(...verdictLines(story.verdict, hint));
  else out.push('Verdict: istio-cni is not what keeps this pod from running (no istio-cni symptom found).');
  out.push('', `Timeline (${story.entries.length} entries, oldest first):`);
  for (const e of story.entries) out.push(`  ${entryLine(e)}`);
  return `${out.join('\n')}\n`;
}
