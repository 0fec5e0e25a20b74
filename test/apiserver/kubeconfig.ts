/** Kubeconfig text pointing at a TestApiServer (CA data, server URL, bearer token). */
import * as yaml from 'js-yaml';
import { type TestApiServer } from './server';

export interface KubeconfigOptions {
  context?: string;
  token?: string;
  namespace?: string;
  /** `insecure-skip-tls-verify: true` instead of the CA. */
  insecure?: boolean;
}

export function kubeconfigFor(server: TestApiServer, options: KubeconfigOptions = {}): string {
  const context = options.context ?? 'icd-test';
  return yaml.dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: context,
          cluster: options.insecure
            ? { server: server.url, 'insecure-skip-tls-verify': true }
            : {
                server: server.url,
                'certificate-authority-data': Buffer.from(server.caPem).toString('base64'),
              },
        },
      ],
      users: [{ name: `${context}-user`, user: { token: options.token ?? server.token } }],
      contexts: [
        {
          name: context,
          context: { cluster: context, user: `${context}-user`, namespace: options.namespace ?? 'default' },
        },
      ],
      'current-context': context,
    },
    { lineWidth: -1 },
  );
}
