// An analysis worker with an injected slow rule, for the watchdog's tests: the real language service, except
// that a document containing `liqo-test: hang` never finishes its check (nor its hover), and one containing
// `liqo-test: exit` ends the worker.
import { parentPort } from 'node:worker_threads';
import { serveAnalysis } from '../../server/src/analysis/serve';
import { createLanguageService, type LanguageService } from '../../server/src/core/service';

function spin(text: string): void {
  if (text.includes('liqo-test: exit')) process.exit(3);
  if (!text.includes('liqo-test: hang')) return;
  // A loop that no budget check inside the core would ever see.
  for (;;) { /* the watchdog must end this */ }
}

if (!parentPort) throw new Error('run me in a worker thread');
const real = createLanguageService();
const slow: LanguageService = {
  ...real,
  validate: (doc, token) => { spin(doc.getText()); return real.validate(doc, token); },
  hover: (doc, position, token) => { spin(doc.getText()); return real.hover(doc, position, token); },
};
serveAnalysis(parentPort, slow);
