/**
 * The vocabulary of root-cause verdicts: facts (each with a link to where it was seen), node
 * causes, and one verdict per affected pod saying which node fact explains it, through which
 * chain of facts, and how to fix it. Plain data: the CLI prints it, the extension renders it
 * and opens each fact's source.
 */
import type { TextRange } from '../../cni/types';
import type { AffectedReason } from '../model';

/** Where a fact was seen; the extension opens it, the CLI prints it as a reference. */
export type FactSource =
  /** A line (0-based) of the istio-cni-node log text read for `node` (ClusterData.cniLogs / NodeEvidence.log). */
  | { kind: 'log'; node: string; namespace: string; pod: string; container: string; line: number }
  /** A range of a CNI config file on a node (read through the istio-cni-node pod). */
  | { kind: 'file'; node: string; path: string; range: TextRange }
  /** A Kubernetes event about `object` (`namespace/name`). */
  | { kind: 'event'; namespace: string; object: string; reason: string }
  /** The status of a pod (phase, containers). */
  | { kind: 'pod'; namespace: string; name: string }
  /** The node object (conditions, taints). */
  | { kind: 'node'; name: string };

/** What was read about one node beyond the lists: its install-cni log tail and its net.d files. */
export interface NodeEvidence {
  node: string;
  /** The install-cni log text (a bounded tail), when read. */
  log?: string;
  /** Why the log was not read ("not read yet", "forbidden: get pods/log in istio-system"). */
  logWhy?: string;
  /** The files of the node's CNI conf dir, when read (paths as read, e.g. /host/etc/cni/net.d/10-calico.conflist). */
  netd?: { path: string; text: string }[];
  /** Why net.d was not read ("exec not allowed for this cluster", "forbidden: create pods/exec"). */
  netdWhy?: string;
}

export interface Fact {
  /** Stable within one analysis: used to link facts and to de-duplicate. */
  id: string;
  /** RFC 3339 when known, '' otherwise. */
  time: string;
  /** One line, as the user should read it. */
  text: string;
  source: FactSource;
}

/** A node-level cause, with the facts that show it. */
export interface NodeCause {
  /** Stable id: a lint rule id, a log pattern id, or `agent-not-ready` / `node-network-not-ready`. */
  id: string;
  node: string;
  title: string;
  /** Why pods on the node fail because of it. */
  explanation: string;
  fix: string;
  facts: Fact[];
  /** Higher explains more specifically (a lint finding of net.d beats "agent not ready"). */
  specificity: number;
  /** The pod symptoms this cause can explain. */
  explains: readonly AffectedReason[];
}

/** Evidence that was not read and would confirm (or rule out) a suspected cause. */
export interface MissingEvidence {
  node: string;
  /** The istio-cni-node pod the evidence is read through. */
  cniPod: { namespace: string; name: string };
  what: 'cni-log' | 'net.d';
  /** What it would show, in the user's terms. */
  wouldShow: string;
  /** Why it is not loaded ("not read yet", "forbidden: pods/exec"). */
  why: string;
}

export interface Verdict {
  namespace: string;
  name: string;
  node: string;
  reason: AffectedReason;
  /** The pod-level symptom in one line ("FailedCreatePodSandBox x6: ... exit status 1"). */
  symptom: string;
  /** `explained`: a node fact explains it; `suspected`: the chain stops at a state, evidence missing. */
  confidence: 'explained' | 'suspected';
  cause: { id: string; title: string; explanation: string };
  /** Symptom first, then the links, then the cause's own facts. */
  chain: Fact[];
  fix: string;
  missing: MissingEvidence[];
}
