import * as assert from 'assert';
import { stateView } from '../../../src/core/explorer/connection';

describe('connection view', () => {
  it('a connection with insecure-skip-tls-verify is shown as a warning, not as a plain "connected"', () => {
    const base = { phase: 'connected', context: 'prod', server: 'https://10.0.0.1:6443' } as const;
    assert.strictEqual(stateView(base).text, 'connected');
    const view = stateView({ ...base, insecure: true });
    assert.strictEqual(view.text, 'connected (TLS not verified)');
    assert.strictEqual(view.icon, 'warning');
    assert.match(view.detail, /insecure-skip-tls-verify: true/);
  });
});
