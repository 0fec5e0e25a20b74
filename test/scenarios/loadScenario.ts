/**
 * Reads a scenario file (see README.md here) into Kubernetes objects, pod logs and node files.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';

export interface ScenarioObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ScenarioPodLog {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  text: string;
}

export interface ScenarioNodeFile {
  node: string;
  path: string;
  text: string;
}

export interface Scenario {
  name: string;
  objects: ScenarioObject[];
  logs: ScenarioPodLog[];
  nodeFiles: ScenarioNodeFile[];
  /**
   * The objects share sub-objects by reference (generateLargeScenario's realistic mode): the
   * store takes them as they are instead of deep-copying each (which would unshare them).
   */
  shared?: boolean;
}

export const SCENARIO_DIR = path.resolve(__dirname, '../../../test/scenarios');

/** Lists the scenario names (file names without `.yaml`) in test/scenarios. */
export function listScenarios(dir = SCENARIO_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Loads `name` from test/scenarios (or an absolute path to a .yaml file). */
export function loadScenario(nameOrPath: string): Scenario {
  const file = nameOrPath.endsWith('.yaml') ? nameOrPath : path.join(SCENARIO_DIR, `${nameOrPath}.yaml`);
  const docs = yaml.loadAll(fs.readFileSync(file, 'utf8')) as (ScenarioObject & Record<string, unknown>)[];
  return parseScenario(
    path.basename(file, '.yaml'),
    docs.filter((d) => d !== null && d !== undefined),
  );
}

export function parseScenario(name: string, docs: (ScenarioObject & Record<string, unknown>)[]): Scenario {
  const scenario: Scenario = { name, objects: [], logs: [], nodeFiles: [] };
  for (const doc of docs) {
    if (doc.kind === 'PodLog') {
      scenario.logs.push({
        namespace: String(doc.metadata.namespace ?? 'default'),
        pod: doc.metadata.name,
        container: str(doc.container),
        previous: doc.previous === true,
        text: str(doc.text),
      });
    } else if (doc.kind === 'NodeFile') {
      scenario.nodeFiles.push({ node: doc.metadata.name, path: str(doc.path), text: str(doc.text) });
    } else {
      scenario.objects.push(doc);
    }
  }
  return scenario;
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
