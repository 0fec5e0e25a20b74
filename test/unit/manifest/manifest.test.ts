/**
 * The manifest is an API: every contributed command has a handler key in src/protocol/ids.ts
 * (the extension's handler table is a Record over those keys, so a missing handler does not
 * compile), every contributed setting is in the typed settings table the extension reads from,
 * and nothing activates on '*'.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS, LANGUAGES, VIEWS } from '../../../src/protocol/ids';
import { SETTING_DEFAULTS, SETTINGS_SECTION } from '../../../src/protocol/settings';

const root = path.resolve(__dirname, '../../../..');
interface Manifest {
  name: string;
  displayName: string;
  activationEvents?: string[];
  bin: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { title: string; properties: Record<string, { default: unknown }> }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    languages: { id: string }[];
    menus?: Record<string, { command: string; when?: string }[]>;
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('is named istio-cni-doctor / "Istio CNI Doctor" with the CLI as bin', () => {
    assert.strictEqual(manifest.name, 'istio-cni-doctor');
    assert.strictEqual(manifest.displayName, 'Istio CNI Doctor');
    assert.strictEqual(manifest.bin['istio-cni-doctor'], './dist/cli.js');
  });

  it('contributes exactly the commands that have handlers, each namespaced with a category', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(COMMANDS).sort());
    for (const c of manifest.contributes.commands) {
      assert.match(c.command, /^istioCniDoctor\.[a-z]+\.[a-zA-Z]+$/);
      assert.strictEqual(c.category, 'Istio CNI Doctor', `${c.command} has the category`);
    }
  });

  it('contributes exactly the settings the extension reads, with the same defaults', () => {
    const props = Object.assign({}, ...manifest.contributes.configuration.map((s) => s.properties)) as Record<
      string,
      { default: unknown }
    >;
    const contributed = Object.keys(props).sort();
    const read = Object.keys(SETTING_DEFAULTS)
      .map((k) => `${SETTINGS_SECTION}.${k}`)
      .sort();
    assert.deepStrictEqual(contributed, read);
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepStrictEqual(props[`${SETTINGS_SECTION}.${key}`]?.default, value, `default of ${key}`);
    }
  });

  it('has the Istio CNI activity-bar container with an SVG icon and the explorer view', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === VIEWS.container);
    assert.ok(container, 'activity-bar container');
    assert.ok(fs.existsSync(path.join(root, container.icon)), `${container.icon} exists`);
    assert.ok(container.icon.endsWith('.svg'));
    assert.ok(manifest.contributes.views[VIEWS.container]?.some((v) => v.id === VIEWS.explorer));
  });

  it('contributes the languages the extension serves', () => {
    const ids = manifest.contributes.languages.map((l) => l.id);
    for (const id of Object.values(LANGUAGES)) assert.ok(ids.includes(id), id);
  });

  it('never activates on "*"', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });

  it('hides item-only commands from the palette only through "when" clauses on known commands', () => {
    const known = new Set(Object.values(COMMANDS) as string[]);
    for (const entries of Object.values(manifest.contributes.menus ?? {})) {
      for (const e of entries) assert.ok(known.has(e.command), `menu entry ${e.command} is a known command`);
    }
  });
});
