/**
 * Classifies the error text of a `FailedCreatePodSandBox` event that names istio-cni (facts
 * §A.4.1 rows 1-17) with the log pattern catalog (src/core/logs), so the model, the log view and
 * the CLI give one failure the same id and title.
 */
import { catalogMatcher } from '../logs/catalogMatcher';

export interface SandboxErrorClass {
  /** Catalog pattern id, e.g. `no-ztunnel-connection`; `other` when no pattern matched. */
  id: string;
  /** Short human summary used in the affected workload's detail line. */
  title: string;
  /** The catalog pattern's fix ('' when no pattern matched). */
  fix: string;
}

/** The catalog's catch-all for istio-cni sandbox failures; a more specific pattern wins over it. */
const GENERIC = 'sandbox-istio-cni-failed';
const MAX_MESSAGE = 20_000;

/** True when the event message is about the istio-cni plugin (not another CNI's failure). */
export function namesIstioCni(message: string): boolean {
  return /istio-cni/.test(message);
}

/** The `failed (add): <err>` suffix, or the whole message, on one line and at most 200 characters. */
export function sandboxErrorText(message: string): string {
  const m = /plugin type="istio-cni"(?: name="[^"]*")? failed \((?:add|delete|check)\): (.*)$/s.exec(message);
  const text = (m?.[1] ?? message).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function classifySandboxError(message: string): SandboxErrorClass {
  const matcher = catalogMatcher();
  const findings = matcher.scan(message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message);
  const best = findings.find((f) => f.patternId !== GENERIC) ?? findings[0];
  const pattern = best ? matcher.pattern(best.patternId) : undefined;
  return pattern
    ? { id: pattern.id, title: pattern.title, fix: pattern.fix }
    : {
        id: 'other',
        title: namesIstioCni(message) ? 'istio-cni plugin error' : 'network setup error',
        fix: '',
      };
}
