/**
 * The CLI's window on the world, passed into every command so tests can run commands
 * in-process and capture what they print.
 */
import { Readable } from 'stream';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input as a stream, for `-` arguments. */
  stdin(): NodeJS.ReadableStream;
  exit(code: number): void;
  /** Shows a one-line progress status in place ('' clears it); absent unless stderr is a terminal. */
  progress?(text: string): void;
}

/** Writes to the real stdout/stderr; exits only after stdout has drained (pipes to `head` etc.). */
export function processIo(): CliIo {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    // Cut to the terminal's width: a line that wraps cannot be rewritten in place with \r.
    ...(process.stderr.isTTY
      ? {
          progress: (t: string) =>
            void process.stderr.write(
              `\r\x1b[K${t.slice(0, Math.max(10, (process.stderr.columns || 80) - 1))}`,
            ),
        }
      : {}),
    stdin: () => process.stdin,
    exit: (code) => {
      process.exitCode = code;
      if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => process.exit(code));
      else process.exit(code);
    },
  };
}

/** An in-memory CliIo for tests. */
export function memoryIo(
  stdinText = '',
): CliIo & { stdout: string; stderr: string; code: number | undefined } {
  const io = {
    stdout: '',
    stderr: '',
    code: undefined as number | undefined,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    stdin: () => Readable.from([stdinText]),
    exit(code: number) {
      io.code = code;
    },
  };
  return io;
}
