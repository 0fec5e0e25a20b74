/**
 * Output of `istio-cni-doctor logs`: one finding per line (text) or a JSON document written
 * incrementally, so millions of findings never sit in memory at once. Output is batched into
 * writes of ~64 KB (one write per finding was 11 % of a big scan).
 */
import { type Finding, type LogPattern } from '../../core/logs';
import { type CliIo } from '../io';

export type LogsFormat = 'text' | 'json';

/** The JSON shape of one finding (1-based line). */
export interface JsonFinding {
  file: string;
  line: number;
  severity: string;
  pattern: string;
  title: string;
  message: string;
  fields: Record<string, string>;
}

export interface FindingWriter {
  write(file: string, finding: Finding, pattern: LogPattern | undefined): void;
  close(): void;
}

const BATCH = 64 * 1024;

export function findingWriter(format: LogsFormat, io: CliIo): FindingWriter & { flush(): void } {
  const out = batched(io);
  const writer = format === 'json' ? jsonWriter(out) : textWriter(out);
  return { ...writer, flush: () => out.flush() };
}

/** A CliIo whose `out` collects text and writes it in batches; `flush` writes the rest. */
function batched(io: CliIo): { out(text: string): void; flush(): void } {
  let pending = '';
  const flush = () => {
    if (pending) io.out(pending);
    pending = '';
  };
  return {
    out(text) {
      pending += text;
      if (pending.length >= BATCH) flush();
    },
    flush,
  };
}

type Out = ReturnType<typeof batched>;

function textWriter(io: Out): FindingWriter {
  return {
    write(file, f, pattern) {
      const message = oneLine(f.message);
      io.out(
        `${file}:${f.line + 1} ${f.severity} ${f.patternId} ${pattern?.title ?? f.patternId}: ${message}\n`,
      );
    },
    close: () => io.flush(),
  };
}

function jsonWriter(io: Out): FindingWriter {
  let count = 0;
  io.out('{"findings":[');
  return {
    write(file, f, pattern) {
      const item: JsonFinding = {
        file,
        line: f.line + 1,
        severity: f.severity,
        pattern: f.patternId,
        title: pattern?.title ?? f.patternId,
        message: f.message,
        fields: { ...f.fields },
      };
      io.out(`${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`);
    },
    close() {
      io.out(count > 0 ? '\n]}\n' : ']}\n');
      io.flush();
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}
