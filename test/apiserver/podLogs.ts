/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` with the kubelet's options: container, previous,
 * tailLines, sinceSeconds, limitBytes, follow. Errors are the API server's own 400/404 texts.
 */
import type * as http from 'http';
import { sendStatus, status } from './status';
import { type ObjectStore } from './store';

type Listener = (text: string) => void;

export class PodLogs {
  private readonly texts = new Map<string, string>();
  private readonly followers = new Map<string, Set<Listener>>();

  set(namespace: string, pod: string, container: string, previous: boolean, text: string): void {
    this.texts.set(logKey(namespace, pod, container, previous), text);
  }

  /** Appends to the current log and pushes the text to every follower. */
  append(namespace: string, pod: string, container: string, text: string): void {
    const k = logKey(namespace, pod, container, false);
    this.texts.set(k, (this.texts.get(k) ?? '') + text);
    for (const f of this.followers.get(k) ?? []) f(text);
  }

  serve(
    store: ObjectStore,
    namespace: string,
    name: string,
    query: URLSearchParams,
    res: http.ServerResponse,
  ): void {
    const pod = store.get('Pod', namespace, name) as
      { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } } | undefined;
    if (!pod) {
      sendStatus(res, status(404, `pods "${name}" not found`, { name, kind: 'pods' }));
      return;
    }
    const containers = (pod.spec?.containers ?? []).map((c) => c.name);
    const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
    let container = query.get('container') ?? '';
    if (container === '') {
      if (containers.length !== 1 || containers[0] === undefined) {
        sendStatus(
          res,
          status(
            400,
            `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}] or one of the init containers: [${inits.join(' ')}]`,
          ),
        );
        return;
      }
      container = containers[0];
    } else if (!containers.includes(container) && !inits.includes(container)) {
      sendStatus(res, status(400, `container ${container} is not valid for pod ${name}`));
      return;
    }
    const previous = query.get('previous') === 'true';
    const k = logKey(namespace, name, container, previous);
    const text = this.texts.get(k);
    if (previous && text === undefined) {
      sendStatus(res, status(400, `previous terminated container "${container}" in pod "${name}" not found`));
      return;
    }
    const limitBytes = Number(query.get('limitBytes') ?? '0');
    let budget = limitBytes > 0 ? limitBytes : Infinity;
    const send = (chunk: string): void => {
      if (budget <= 0 || res.writableEnded) return;
      const buf = Buffer.from(chunk, 'utf8');
      const part = buf.length > budget ? buf.subarray(0, budget) : buf;
      budget -= part.length;
      res.write(part);
      if (budget <= 0) res.end();
    };
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    send(
      select(text ?? '', Number(query.get('tailLines') ?? '-1'), Number(query.get('sinceSeconds') ?? '0')),
    );
    if (query.get('follow') !== 'true' || previous) {
      if (!res.writableEnded) res.end();
      return;
    }
    const set = this.followers.get(k) ?? new Set<Listener>();
    this.followers.set(k, set);
    set.add(send);
    res.on('close', () => set.delete(send));
  }
}

const logKey = (ns: string, pod: string, container: string, previous: boolean): string =>
  `${ns}/${pod}/${container}/${String(previous)}`;

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/;

/** tailLines keeps the last N lines; sinceSeconds keeps lines whose leading timestamp is recent enough. */
function select(text: string, tailLines: number, sinceSeconds: number): string {
  let lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  if (sinceSeconds > 0) {
    const cutoff = Date.now() - sinceSeconds * 1000;
    let keep = false;
    lines = lines.filter((l) => {
      const m = TIMESTAMP.exec(l);
      if (m?.[1]) keep = Date.parse(m[1]) >= cutoff;
      return keep;
    });
  }
  if (tailLines >= 0) lines = tailLines === 0 ? [] : lines.slice(-tailLines);
  return lines.join('');
}
