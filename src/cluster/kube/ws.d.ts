/**
 * The part of the `ws` package (installed as a client-node dependency, without types) that
 * podExec.ts uses. Declared here rather than adding @types/ws for four members.
 */
declare module 'ws' {
  import type { EventEmitter } from 'events';
  import type { IncomingMessage } from 'http';

  export default class WebSocket extends EventEmitter {
    constructor(address: string, protocols?: string | string[], options?: object);
    readonly protocol: string;
    close(code?: number): void;
    terminate(): void;
    on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'unexpected-response', listener: (req: unknown, res: IncomingMessage) => void): this;
  }
}
