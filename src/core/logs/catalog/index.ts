/**
 * The pattern catalog. Order matters: when several patterns match one line, the first in this
 * list becomes the finding and the others are listed in `Finding.also`. So cause-specific
 * patterns come before the generic wrappers they appear inside (a `no ztunnel connection` inside
 * a FailedCreatePodSandBox event is reported as no-ztunnel-connection, also sandbox-istio-cni-failed).
 */
import { type LogPattern } from '../types';
import { AGENT_PATTERNS } from './agent';
import { AMBIENT_PATTERNS } from './ambient';
import { PLUGIN_PATTERNS } from './plugin';
import { REPAIR_PATTERNS } from './repair';
import { SANDBOX_CAUSE_PATTERNS, SANDBOX_PATTERNS } from './runtime';
import { VALIDATION_PATTERNS } from './validation';

export const CATALOG: readonly LogPattern[] = [
  ...VALIDATION_PATTERNS,
  ...REPAIR_PATTERNS,
  ...AMBIENT_PATTERNS,
  ...AGENT_PATTERNS,
  ...SANDBOX_CAUSE_PATTERNS,
  ...PLUGIN_PATTERNS,
  ...SANDBOX_PATTERNS,
];

const BY_ID = new Map(CATALOG.map((p) => [p.id, p]));

/** The catalog entry with this ID, if any. */
export function catalogPattern(id: string): LogPattern | undefined {
  return BY_ID.get(id);
}
