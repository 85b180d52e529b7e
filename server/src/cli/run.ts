import { main } from './main.js';
import { serveAsLintWorker } from './parallel.js';

/**
 * A reader that stops early (`cplan lint | head`) closes the pipe: the rest of the output is not wanted, which
 * is no error, so the run ends with its own exit code and nothing on stderr. Any other write error is one line.
 */
function quietOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      stream.destroy();
      if (error.code === 'EPIPE') return;
      if (stream === process.stdout && !process.stderr.destroyed) process.stderr.write(`cplan: cannot write the output: ${error.code ?? error.message}\n`);
      process.exitCode = 2;
    });
  }
}

// The bundle is also the lint workers' script: a worker thread serves batches instead of running the CLI.
if (!serveAsLintWorker()) {
  quietOnClosedPipes();
  main(process.argv.slice(2), process.stdout, process.stderr, new URL(import.meta.url)).then(
    (code) => {
      process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
    },
    (error: Error) => {
      process.stderr.write(`cplan: internal error: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
