/**
 * Lints CNI config documents as the user types. The unit of work is a directory: a change to any
 * file re-lints every open config document beside it, because which file the runtime uses (and
 * so most findings) depends on the siblings. Lints are throttled per directory (~250 ms after the
 * first change of a burst), results that a newer lint has overtaken are dropped, and an exception
 * while linting one directory is logged without affecting the others.
 */
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { type Connection, type TextDocuments } from 'vscode-languageserver';
import { type TextDocument } from 'vscode-languageserver-textdocument';
import { lintDirectory } from '../core/cni/lint';
import { looksLikeCniConfig } from '../core/cni/looksLikeCniConfig';
import { type Finding } from '../core/cni/types';
import { LANGUAGES } from '../protocol/ids';
import { readSiblings } from './cniFiles';
import { toDiagnostic } from './cniDiagnostics';
import { DEFAULT_LINT_SETTINGS, type LintSettings, lintOptions } from './lintSettings';

export const DEFAULT_DEBOUNCE_MS = 250;

interface Pending {
  timer: NodeJS.Timeout;
  due: number;
}

export class CniLintService {
  private settings: LintSettings = DEFAULT_LINT_SETTINGS;
  private readonly pending = new Map<string, Pending>();
  private readonly generation = new Map<string, number>();
  private readonly findings = new Map<string, Finding[]>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {}

  /** `cni-config` documents, and .conf/.conflist/.json documents whose content is a CNI config. */
  isCniDocument(doc: TextDocument): boolean {
    if (doc.languageId === LANGUAGES.cniConfig) return true;
    return /\.(conf|conflist|json)$/.test(doc.uri) && looksLikeCniConfig(doc.getText());
  }

  findingsFor(uri: string): Finding[] {
    return this.findings.get(uri) ?? [];
  }

  currentSettings(): LintSettings {
    return this.settings;
  }

  setSettings(settings: LintSettings): void {
    this.settings = settings;
    for (const dir of new Set(this.documents.all().map((d) => dirKey(d.uri)))) this.schedule(dir, 0);
  }

  opened(uri: string): void {
    this.schedule(dirKey(uri), 0);
  }

  changed(uri: string): void {
    this.schedule(dirKey(uri), this.debounceMs);
  }

  closed(uri: string): void {
    this.findings.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.schedule(dirKey(uri), this.debounceMs);
  }

  /** A file changed, appeared or was deleted on disk (from workspace/didChangeWatchedFiles). */
  fileChangedOnDisk(uri: string): void {
    this.schedule(dirKey(uri), this.debounceMs);
  }

  dispose(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  /** Runs a lint of `dir` after `delay` ms, unless one is already due sooner (throttle, not starve). */
  private schedule(dir: string, delay: number): void {
    const due = Date.now() + delay;
    const existing = this.pending.get(dir);
    if (existing && existing.due <= due) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.pending.delete(dir);
      this.lintDir(dir).catch((err: unknown) =>
        this.connection.console.error(
          `Linting ${dir} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        ),
      );
    }, delay);
    this.pending.set(dir, { timer, due });
  }

  private async lintDir(dir: string): Promise<void> {
    const gen = (this.generation.get(dir) ?? 0) + 1;
    this.generation.set(dir, gen);
    const docs = this.documents.all().filter((d) => dirKey(d.uri) === dir && this.isCniDocument(d));
    if (docs.length === 0) return;
    if (!this.settings.enable) {
      for (const d of docs) this.publish(d, [], () => '');
      return;
    }
    const pathOf = new Map(docs.map((d) => [d.uri, filePath(d.uri)]));
    const uriByPath = new Map(docs.map((d) => [pathOf.get(d.uri) ?? d.uri, d.uri]));
    const open = new Map(docs.map((d) => [pathOf.get(d.uri) ?? d.uri, d.getText()]));
    const files = isFileUri(docs[0]?.uri ?? '')
      ? await readSiblings(dir, open)
      : [...open].map(([p, text]) => ({ path: p, text }));
    if (this.generation.get(dir) !== gen) return;
    const findings = lintDirectory(files, lintOptions(this.settings));
    const uriOf = (file: string): string =>
      uriByPath.get(file) ?? (path.isAbsolute(file) ? pathToFileURL(file).href : file);
    for (const d of docs) {
      // A document may have closed while its directory was being read.
      if (!this.documents.get(d.uri)) continue;
      const own = pathOf.get(d.uri);
      this.publish(
        d,
        findings.filter((f) => f.file === own),
        uriOf,
      );
    }
  }

  private publish(doc: TextDocument, findings: Finding[], uriOf: (file: string) => string): void {
    this.findings.set(doc.uri, findings);
    void this.connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: findings.map((f) => toDiagnostic(f, uriOf)),
    });
  }
}

function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}

function filePath(uri: string): string {
  if (!isFileUri(uri)) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** The directory a document belongs to; a non-file document is a directory of its own. */
export function dirKey(uri: string): string {
  return isFileUri(uri) ? path.dirname(filePath(uri)) : uri;
}
