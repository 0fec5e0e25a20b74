/**
 * Generates docs/commands.md: every command of the Istio CNI view (its title bar, the inline
 * actions and the context menus of its rows) with the rows it is offered on and what it opens
 * or does. Where and when come from package.json's menus, so the page never drifts from the
 * manifest; what each command does is written once below, keyed by command, so a new command
 * without a line does not compile. `renderCommandsDoc` is pure (a unit test compares it with the
 * committed file); running `node out/tools/generateCommandsDoc.js` rewrites the file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type CommandKey, COMMANDS, VIEWS } from '../src/protocol/ids';

/** What each command opens or does, as a user would want to know before clicking. */
export const COMMAND_EFFECTS: Record<CommandKey, string> = {
  showLog: "Shows the extension's own log (output channel).",
  restartServer: 'Restarts the CNI config language server.',
  copyHelmSnippet: 'Copies the Helm values snippet of a quick fix to the clipboard.',
  showLogFindings: 'Quick pick of the Istio CNI findings of the log; picking one selects its line.',
  openAsLog: 'Turns the active editor into an `istio-log` document: decorations, hovers, CodeLens, outline.',
  scanLogFile:
    'Scans a log file of any size (also `.gz`) in a stream and opens the findings as a read-only document.',
  revealInExplorer: 'Selects a node or pod row in the Istio CNI view (used by links).',
  explorerSelectContext:
    "Quick pick of the kubeconfig's contexts; the view connects to the one picked (read-only lists and watches).",
  explorerRefresh: 'Drops the cached lists and reads the cluster (or snapshot) again.',
  explorerOpenSnapshot:
    'Opens a snapshot folder (kubectl dumps, an extracted istioctl bug-report) or a bug-report archive as an offline cluster.',
  explorerShowPodLogs:
    'Quick pick of the containers (and `--previous` only where the container restarted); opens the log read-only as `<pod>∕<container>.log`, decorated.',
  explorerFollowNodeLogs:
    "Follows the node's istio-cni-node (`install-cni`) log live in a read-only, decorated editor; closing it stops the stream.",
  explorerFindPodInCniLogs:
    "Opens the lines of the node's istio-cni-node log (current and previous instance) that name the pod or its UID; when none does, one notification with the next steps instead of an empty tab.",
  explorerDescribePod:
    "Opens a read-only page like `kubectl describe pod`: conditions, container states with exit codes, the pod's CNI events.",
  explorerCopyKubectl:
    'Copies the equivalent kubectl command (quoted, with `--kubeconfig`/`--context` of the connection) to the clipboard.',
  explorerDescribeOwner:
    "Opens a read-only page about the pod's owner: its affected pods, its pods and their CNI events, and the kubectl command for its YAML.",
  explorerReadCniConfig:
    "Reads the node's `/host/etc/cni/net.d` through its istio-cni-node pod (`pods/exec`: `ls` and `cat` only) and opens the files read-only, linted.",
  explorerRaiseCniLogLevel:
    "Previews raising the CNI log level in the install's own terms (Helm value, IstioOperator, IstioCNI or DaemonSet argument) and offers to copy the command; never applies it.",
  explorerExplainPod:
    '"Why is this pod not running?": opens the verdict and fix, then the timeline; every entry links to its source; offers to read node evidence when the verdict is not confirmed.',
  explorerLoadNodeEvidence:
    'Reads the istio-cni-node log tail and, after asking once per cluster (never in an untrusted workspace), net.d of the nodes with affected pods (at most 20, with progress and cancel).',
  explorerOpenFactSource:
    'Opens where a piece of evidence was seen: the log line, the net.d file range, the pod page with its events, or the node row.',
  explorerResetExecConsent:
    'Forgets the remembered `pods/exec` answers of this workspace, so the next evidence read asks again.',
};

/** Every contextValue the tree sets (src/core/explorer), with the row it names. */
const ROWS: [contextValue: string, row: string][] = [
  ['cluster.live.connected', 'cluster (live)'],
  ['cluster.snapshot', 'cluster (snapshot)'],
  ['daemonSet', 'istio-cni-node DaemonSet'],
  ['daemonSet.missing', 'DaemonSet not found'],
  ['nodes', 'Nodes'],
  ['node.withCni', 'node with an istio-cni-node pod'],
  ['node', 'node without one'],
  ['pod.cni', 'istio-cni-node pod'],
  ['pod.affected.owned', 'affected pod with an owner'],
  ['pod.affected', 'affected pod without one'],
  ['affected', 'Affected workloads'],
  ['reason', 'reason'],
  ['owner', 'owner (Deployment, …)'],
  ['setting', 'install setting'],
  ['action.logLevel', '"Raise the CNI log level"'],
  ['hint', 'hint'],
];

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, MenuEntry[] | undefined>;
  };
}

/** The rows a `view/item/context` when-clause matches (`viewItem == x` or `viewItem =~ /re/`). */
export function rowsOf(when: string): string[] {
  const eq = /viewItem == ([\w.]+)/.exec(when)?.[1];
  const re = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when)?.[1];
  const test = (cv: string): boolean =>
    eq !== undefined ? cv === eq : re !== undefined ? new RegExp(re).test(cv) : true;
  return ROWS.filter(([cv]) => test(cv)).map(([, row]) => row);
}

const keyOf = (id: string): CommandKey => {
  const key = (Object.keys(COMMANDS) as CommandKey[]).find((k) => COMMANDS[k] === id);
  if (!key) throw new Error(`package.json names ${id}, which src/protocol/ids.ts does not`);
  return key;
};

export function renderCommandsDoc(manifest: Manifest): string {
  const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
  const inView = (m: MenuEntry): boolean => (m.when ?? '').includes(`view == ${VIEWS.explorer}`);
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const row = (id: string, where: string): string =>
    `| ${cell(titles.get(id) ?? id)} | ${cell(where)} | ${cell(COMMAND_EFFECTS[keyOf(id)])} |`;

  const title = (manifest.contributes.menus['view/title'] ?? []).filter(inView);
  const items = (manifest.contributes.menus['view/item/context'] ?? []).filter(inView);
  const byCommand = new Map<string, { inline: Set<string>; menu: Set<string> }>();
  for (const m of items) {
    const e = byCommand.get(m.command) ?? { inline: new Set<string>(), menu: new Set<string>() };
    const target = (m.group ?? '').startsWith('inline') ? e.inline : e.menu;
    for (const r of rowsOf(m.when ?? '')) target.add(r);
    byCommand.set(m.command, e);
  }
  const lines = [
    '<!-- Generated by tools/generateCommandsDoc.ts from package.json. Do not edit by hand. -->',
    '',
    '# Commands of the Istio CNI view',
    '',
    'Every command the Istio CNI view offers: in its title bar, as inline buttons on a row, and in',
    "a row's context menu (right-click). All of them read; none changes the cluster. Documents",
    'they open are read-only (`istio-cni-doctor-cluster:` URIs) and never ask to be saved.',
    '',
    '## Title bar',
    '',
    '| Command | Where | What it opens or does |',
    '|---|---|---|',
    ...title.map((m) => row(m.command, m.group?.startsWith('navigation') ? 'button' : '"…" menu')),
    '',
    '## Rows',
    '',
    '| Command | Inline button on | Context menu on | What it opens or does |',
    '|---|---|---|---|',
    ...[...byCommand].map(
      ([id, e]) =>
        `| ${cell(titles.get(id) ?? id)} | ${cell([...e.inline].join(', ') || '–')} | ${cell([...e.menu].join(', ') || '–')} | ${cell(COMMAND_EFFECTS[keyOf(id)])} |`,
    ),
    '',
    '## From links, CodeLens and the palette',
    '',
    'Not in the view\'s menus, but reached from what the view opens (the "why" page, log',
    'documents) or from the Command Palette:',
    '',
    '| Command | What it opens or does |',
    '|---|---|',
    ...manifest.contributes.commands
      .filter((c) => !byCommand.has(c.command) && !title.some((m) => m.command === c.command))
      .filter((c) => c.command.startsWith('istioCniDoctor.explorer.'))
      .map((c) => `| ${cell(c.title)} | ${cell(COMMAND_EFFECTS[keyOf(c.command)])} |`),
    '',
  ];
  return lines.join('\n');
}

export function readManifest(root: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
}

if (require.main === module) {
  const root = path.join(__dirname, '..', '..');
  fs.writeFileSync(path.join(root, 'docs', 'commands.md'), renderCommandsDoc(readManifest(root)));
}
