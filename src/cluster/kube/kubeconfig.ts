/**
 * Finds and reads kubeconfig files like kubectl does (an explicit file, else every path in
 * KUBECONFIG with missing ones skipped and the first definition of a name winning, else
 * ~/.kube/config), and turns every way one can be broken into a specific ClusterFailure.
 * Never falls back to in-cluster config or localhost:8080 as client-node's loadFromDefault does.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClusterFailure } from '../clusterClient';
import { fail, ok, type Result } from '../../core/result';
import { type KubeConfig, loadClientNode } from './clientNode';

export interface KubeconfigSource {
  /** A kubeconfig file chosen by the user (wins over KUBECONFIG). */
  file?: string;
  /** Environment for KUBECONFIG (defaults to process.env). */
  env?: Record<string, string | undefined>;
  homeDir?: string;
}

const MAX_BYTES = 10 * 1024 * 1024;
type Cluster = ReturnType<KubeConfig['getClusters']>[number];
type User = ReturnType<KubeConfig['getUsers']>[number];
type Context = ReturnType<KubeConfig['getContexts']>[number];

const bad = (message: string): Result<never, ClusterFailure> => fail({ kind: 'bad-kubeconfig', message });

/** The files that make up the kubeconfig, in precedence order. */
export function kubeconfigFiles(source: KubeconfigSource): { files: string[]; explicit: boolean } {
  if (source.file !== undefined && source.file.trim() !== '') return { files: [source.file], explicit: true };
  const env = source.env ?? process.env;
  const list = env.KUBECONFIG;
  if (list !== undefined && list.trim() !== '')
    return { files: list.split(path.delimiter).filter((f) => f.trim() !== ''), explicit: false };
  return { files: [path.join(source.homeDir ?? os.homedir(), '.kube', 'config')], explicit: false };
}

/** Reads and merges the kubeconfig files; does not pick or check a context yet. */
export async function readKubeconfig(source: KubeconfigSource): Promise<Result<KubeConfig, ClusterFailure>> {
  const { files, explicit } = kubeconfigFiles(source);
  const k8s = await loadClientNode();
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  let found = 0;
  for (const file of files) {
    const read = readOne(file, explicit);
    if (!read.ok) return read;
    if (read.value === undefined) continue;
    found++;
    const kc = new k8s.KubeConfig();
    try {
      kc.loadFromString(read.value);
      kc.makePathsAbsolute(path.dirname(path.resolve(file)));
    } catch (e) {
      return bad(`The kubeconfig file ${file} is not valid: ${firstLine(e)}`);
    }
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (currentContext === '' && typeof kc.getCurrentContext() === 'string')
      currentContext = kc.getCurrentContext();
  }
  if (found === 0) {
    return fail({
      kind: 'no-kubeconfig',
      message: `No kubeconfig found (looked for ${files.join(', ')}). Set KUBECONFIG or choose a kubeconfig file.`,
    });
  }
  const merged = new k8s.KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return ok(merged);
}

function readOne(file: string, explicit: boolean): Result<string | undefined, ClusterFailure> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    // kubectl skips missing files in KUBECONFIG; a file the user named must exist.
    return explicit
      ? fail({ kind: 'no-kubeconfig', message: `The kubeconfig file ${file} does not exist.` })
      : ok(undefined);
  }
  if (stat.isDirectory()) return bad(`The kubeconfig path ${file} is a directory, not a file.`);
  if (stat.size > MAX_BYTES)
    return bad(`The kubeconfig file ${file} is too large (${stat.size} bytes; the limit is 10 MB).`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return bad(`The kubeconfig file ${file} cannot be read: ${firstLine(e)}`);
  }
  if (text.trim() === '') return bad(`The kubeconfig file ${file} is empty.`);
  if (text.includes('\u0000')) return bad(`The kubeconfig file ${file} is binary, not YAML.`);
  return ok(text);
}

/** Context names, and the current one. */
export function contextsOf(kc: KubeConfig): { contexts: string[]; current: string | undefined } {
  const current = kc.getCurrentContext();
  return {
    contexts: kc.getContexts().map((c) => c.name),
    current: typeof current === 'string' && current !== '' ? current : undefined,
  };
}

export interface SelectedContext {
  context: string;
  cluster: Cluster;
  user: User | undefined;
}

/** Picks `context` (or the current one) and checks that what it points at is usable. */
export function selectContext(
  kc: KubeConfig,
  context: string | undefined,
): Result<SelectedContext, ClusterFailure> {
  const { contexts, current } = contextsOf(kc);
  if (contexts.length === 0) return bad('The kubeconfig has no contexts.');
  const name = context ?? current;
  if (name === undefined)
    return bad(`The kubeconfig has no current-context. Choose one of: ${contexts.join(', ')}.`);
  const ctx = kc.getContextObject(name);
  if (!ctx) return bad(`Context "${name}" is not in the kubeconfig. Available: ${contexts.join(', ')}.`);
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster)
    return bad(`Context "${name}" points at cluster "${ctx.cluster}", which is not in the kubeconfig.`);
  const user = ctx.user ? kc.getUser(ctx.user) : null;
  if (ctx.user && !user)
    return bad(`Context "${name}" points at user "${ctx.user}", which is not in the kubeconfig.`);
  const checked = checkCluster(name, cluster);
  if (!checked.ok) return checked;
  if (user) {
    const u = checkUser(name, user);
    if (!u.ok) return u;
  }
  kc.setCurrentContext(name);
  return ok({ context: name, cluster, user: user ?? undefined });
}

function checkCluster(context: string, cluster: Cluster): Result<void, ClusterFailure> {
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    return bad(
      `Cluster "${cluster.name}" (context "${context}") has an invalid server URL: ${cluster.server}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return bad(`Cluster "${cluster.name}" has a server URL that is not http(s): ${cluster.server}`);
  if (cluster.caData !== undefined && !isPem(cluster.caData, 'CERTIFICATE')) {
    return bad(
      `Cluster "${cluster.name}": certificate-authority-data is not a base64-encoded PEM certificate.`,
    );
  }
  return fileReadable(cluster.caFile, `Cluster "${cluster.name}": certificate-authority file`);
}

function checkUser(context: string, user: User): Result<void, ClusterFailure> {
  if (user.certData !== undefined && !isPem(user.certData, 'CERTIFICATE')) {
    return bad(
      `User "${user.name}" (context "${context}"): client-certificate-data is not a base64-encoded PEM certificate.`,
    );
  }
  if (user.keyData !== undefined && !isPem(user.keyData, 'PRIVATE KEY')) {
    return bad(
      `User "${user.name}" (context "${context}"): client-key-data is not a base64-encoded PEM private key.`,
    );
  }
  const cert = fileReadable(user.certFile, `User "${user.name}": client-certificate file`);
  return cert.ok ? fileReadable(user.keyFile, `User "${user.name}": client-key file`) : cert;
}

function isPem(base64: string, label: string): boolean {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  return text.includes('-----BEGIN ') && text.includes(label);
}

function fileReadable(file: string | undefined, what: string): Result<void, ClusterFailure> {
  if (file === undefined || file === '') return ok(undefined);
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return ok(undefined);
  } catch {
    return bad(`${what} ${file} does not exist or cannot be read.`);
  }
}

export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
