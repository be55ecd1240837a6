import { Console } from 'node:console';
import { redirectStdout } from './stdout-redirect.js';

describe('redirectStdout', () => {
  it('sends console.log and process.stdout.write to stderr, keeps a writer to the real stdout, and restores', () => {
    const stdoutWrite = process.stdout.write;
    const stderrWrite = process.stderr.write;
    const toStdout: string[] = [];
    const toStderr: string[] = [];
    process.stdout.write = ((chunk: string) => toStdout.push(String(chunk)) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => toStderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const redirect = redirectStdout();
      // A console like Node's global one (Jest replaces the global console in specs).
      new Console(process.stdout, process.stderr).log('stray print');
      process.stdout.write('stray write\n');
      redirect.write('{"jsonrpc":"2.0"}\n');
      redirect.restore();
      process.stdout.write('after restore\n');
      expect(toStderr).toEqual(['stray print\n', 'stray write\n']);
      expect(toStdout).toEqual(['{"jsonrpc":"2.0"}\n', 'after restore\n']);
    } finally {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
    }
  });
});
