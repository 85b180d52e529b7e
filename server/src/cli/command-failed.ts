import { ConfigError } from '../node/config.js';
import { UsageError } from '../node/files.js';

/**
 * How a command ends on an error: one line on stderr and exit 2, never a stack trace. A usage or config error
 * says what to change; anything else is cplan's own fault, said as an internal error.
 */
export function commandFailed(error: unknown, err: NodeJS.WritableStream, options: { prefix?: string; firstLine?: boolean } = {}): number {
  const prefix = options.prefix ?? 'cplan';
  if (error instanceof UsageError || error instanceof ConfigError) {
    err.write(`${prefix}: ${options.firstLine ? error.message.split('\n')[0] : error.message}\n`);
  } else {
    err.write(`${prefix}: internal error: ${(error as Error).message}\n`);
  }
  return 2;
}
