// A language service with an injected slow rule, for the watchdog's tests: the real service, except that a
// document containing `liqo-test: hang` never finishes its check (nor its hover), and one containing
// `liqo-test: throw` makes them fail.
import { createLanguageService, type LanguageService } from '../../server/src/core/service';
import type { Logger } from '../../server/src/core/types';

function misbehave(text: string): void {
  if (text.includes('liqo-test: throw')) throw new Error('an injected failure');
  if (!text.includes('liqo-test: hang')) return;
  // A loop that no budget check inside the core would ever see.
  for (;;) { /* the watchdog must end this */ }
}

export function slowService(logger: Logger): LanguageService {
  const real = createLanguageService({ logger });
  return {
    ...real,
    validation: function* (doc) { misbehave(doc.getText()); return yield* real.validation(doc); },
    hover: (doc, position, token) => { misbehave(doc.getText()); return real.hover(doc, position, token); },
  };
}
