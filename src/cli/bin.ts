/** The executable entry of the `istio-cni-doctor` bundle. */
import { main } from './main';
import { processIo } from './io';

const io = processIo();
main(process.argv.slice(2), io).then(
  (code) => io.exit(code),
  (err: unknown) => {
    io.err(
      `istio-cni-doctor: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    io.exit(2);
  },
);
