// Runs the compiled *.test.js files of one folder with mocha inside the extension host. Mocha is
// bundled into each entry point (index.js); the test files are loaded by their paths at run time.
// The report goes to the console (the launcher forwards the extension host's console; desktop VS
// Code prints it) and, when E2E_RUN_DIR is set, to mocha.log and results.json there too.
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';

interface Result {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function runFolder(folder: string): Promise<void> {
  const runDir = process.env.E2E_RUN_DIR;
  if (runDir) {
    const logFile = path.join(runDir, 'mocha.log');
    fs.writeFileSync(logFile, '');
    const consoleLog = Mocha.reporters.Base.consoleLog;
    Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => {
      consoleLog(...args);
      fs.appendFileSync(logFile, `${format(...args)}\n`);
    };
  }
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: Number(process.env.E2E_TEST_TIMEOUT_MS ?? 30_000), slow: 5_000 });
  const files = fs.readdirSync(folder).filter((f) => f.endsWith('.test.js')).sort();
  const only = process.env.E2E_GREP;
  if (only) mocha.grep(only);
  for (const f of files) mocha.addFile(path.join(folder, f));

  return new Promise((resolve, reject) => {
    const results: Result[] = [];
    const runner = mocha.run((failures) => {
      if (runDir) fs.writeFileSync(path.join(runDir, 'results.json'), JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err.message }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });
}
