/**
 * Output of `istio-cni-doctor logs`: one finding per line (text) or a JSON document written
 * incrementally, so millions of findings never sit in memory at once.
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

export function findingWriter(format: LogsFormat, io: CliIo): FindingWriter {
  return format === 'json' ? jsonWriter(io) : textWriter(io);
}

function textWriter(io: CliIo): FindingWriter {
  return {
    write(file, f, pattern) {
      const message = oneLine(f.message);
      io.out(
        `${file}:${f.line + 1} ${f.severity} ${f.patternId} ${pattern?.title ?? f.patternId}: ${message}\n`,
      );
    },
    close() {},
  };
}

function jsonWriter(io: CliIo): FindingWriter {
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
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}
