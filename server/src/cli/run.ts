import { main } from './main.js';
import { serveAsLintWorker } from './parallel.js';

// The bundle is also the lint workers' script: a worker thread serves batches instead of running the CLI.
if (!serveAsLintWorker()) {
  main(process.argv.slice(2), process.stdout, process.stderr, new URL(import.meta.url)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`cplan: internal error: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
