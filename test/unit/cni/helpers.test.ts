/** Content detection for .conf/.json documents, and hover text for known keys. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { keyDocAt } from '../../../src/core/cni/keyDocs';
import { looksLikeCniConfig } from '../../../src/core/cni/looksLikeCniConfig';
import { FIXTURES, fixtureNames } from './fixtureDir';

describe('looksLikeCniConfig', () => {
  it('recognises every parsable CNI config among the fixtures', () => {
    for (const dir of fixtureNames()) {
      for (const name of fs
        .readdirSync(path.join(FIXTURES, dir))
        .filter((n) => /\.(conf|conflist|json)$/.test(n))) {
        const text = fs.readFileSync(path.join(FIXTURES, dir, name), 'utf8');
        let parsed = true;
        try {
          JSON.parse(text);
        } catch {
          parsed = false;
        }
        if (parsed && text.trim().length > 2) assert.ok(looksLikeCniConfig(text), `${dir}/${name}`);
      }
    }
  });

  it('leaves other JSON alone: tsconfig, package.json, VS Code settings, a kubeconfig', () => {
    assert.ok(
      !looksLikeCniConfig('{"compilerOptions":{"target":"ES2022","module":"node16"},"include":["src"]}'),
    );
    assert.ok(
      !looksLikeCniConfig('{"name":"x","version":"1.0.0","scripts":{"test":"mocha"},"dependencies":{}}'),
    );
    assert.ok(!looksLikeCniConfig('{"editor.tabSize":2,"files.exclude":{"out":true}}'));
    assert.ok(!looksLikeCniConfig('{"type":"module","name":"esm-package"}'));
    assert.ok(!looksLikeCniConfig('apiVersion: v1\nkind: Config\n'));
  });
});

describe('keyDocAt', () => {
  const text =
    '{\n  "cniVersion": "0.3.1",\n  "plugins": [\n    { "type": "multus-shim", "clusterNetwork": "/host/etc/cni/net.d" }\n  ]\n}';

  it('explains known keys with the range of the key', () => {
    const at = text.indexOf('"clusterNetwork"') + 4;
    const doc = keyDocAt(text, at);
    assert.strictEqual(doc?.key, 'clusterNetwork');
    assert.match(doc?.markdown ?? '', /delegation loops/);
    assert.strictEqual(text.slice(doc?.offset, (doc?.offset ?? 0) + (doc?.length ?? 0)), '"clusterNetwork"');
  });

  it('says nothing on values, unknown keys, or text too deep to scan safely', () => {
    assert.strictEqual(keyDocAt(text, text.indexOf('0.3.1')), undefined);
    assert.strictEqual(keyDocAt('{"myOwnKey": 1}', 3), undefined);
    assert.strictEqual(keyDocAt('{"type":' + '['.repeat(10000), 3), undefined);
  });
});
