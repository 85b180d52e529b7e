import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`cplan: internal error: ${error.message}\n`);
    process.exitCode = 2;
  },
);
