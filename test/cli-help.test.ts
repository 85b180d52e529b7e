import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CPLAN, cplan } from './helpers/cli.js';

// `--help` of every command, run as a process: wrapped to COLUMNS when stdout is not a terminal (80 without it),
// and to the terminal's own width on a real pseudo-terminal (util-linux `script`, where it is installed).

const COMMANDS = [[], ['lint'], ['report'], ['new'], ['init'], ['import']];
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function assertFits(text: string, width: number, what: string): void {
  for (const line of text.split('\n')) {
    // A word longer than the width (`stylish|json|sarif|...`) keeps a line of its own rather than being cut.
    if (line.length > width) assert.equal(words(line).length, 1, `${what}: a line of ${line.length} > ${width} columns: ${JSON.stringify(line)}`);
  }
}

describe('cplan --help wraps to the terminal', function () {
  this.timeout(60_000);

  for (const command of COMMANDS) {
    const name = ['cplan', ...command, '--help'].join(' ');
    it(`${name}: at most COLUMNS wide, 80 without it, every word kept in order`, () => {
      const byDefault = cplan([...command, '--help'], undefined, { COLUMNS: '' });
      assert.equal(byDefault.code, 0, byDefault.stderr);
      assertFits(byDefault.stdout, 80, `${name} (no COLUMNS)`);
      assert.equal(cplan([...command, '--help'], undefined, { COLUMNS: '80' }).stdout, byDefault.stdout, 'not a terminal, no COLUMNS: 80');
      for (const width of [30, 50, 72, 100, 160]) {
        const run = cplan([...command, '--help'], undefined, { COLUMNS: String(width) });
        assert.equal(run.code, 0);
        assertFits(run.stdout, width, `${name} at ${width}`);
        assert.deepEqual(words(run.stdout), words(byDefault.stdout), `${name} at ${width}: the same words`);
        assert.match(run.stdout, /^Usage: cplan/);
      }
      for (const junk of ['0', '-5', 'wide', '1e3x']) assert.equal(cplan([...command, '--help'], undefined, { COLUMNS: junk }).stdout, byDefault.stdout, `COLUMNS=${junk} is ignored`);
    });
  }

  it('keeps the option table: descriptions in their column, or under the option when too narrow', () => {
    const wide = cplan(['--help'], undefined, { COLUMNS: '100' }).stdout.split('\n');
    const row = wide.findIndex((l) => l.startsWith('  --max-warnings N'));
    assert.match(wide[row], /^ {2}--max-warnings N {2,}exit 1 when there are more than N warnings$/);
    const column = wide[row].indexOf('exit 1');
    const cache = wide.findIndex((l) => l.startsWith('  --cache '));
    assert.equal(wide[cache + 1].search(/\S/), column, 'a continuation line starts in the description column');
    const narrow = cplan(['--help'], undefined, { COLUMNS: '50' }).stdout.split('\n');
    const at = narrow.indexOf('  --max-warnings N');
    assert.ok(at > 0, narrow.join('\n'));
    assert.match(narrow[at + 1], /^ {6}exit 1 when there are more than N warnings$/);
  });

  it('on a real terminal, its width wins over COLUMNS', function () {
    if (!hasScript) this.skip(); // util-linux `script` gives the process a pseudo-terminal
    const run = spawnSync('script', ['-qec', `stty cols 60 rows 40; COLUMNS=200 NO_COLOR=1 '${process.execPath}' '${CPLAN}' --help`, '/dev/null'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    const text = run.stdout.replace(/\r/g, '');
    assertFits(text, 60, 'a 60-column terminal');
    assert.ok(text.split('\n').some((l) => l.length > 50), 'and uses the width it has');
  });
});
