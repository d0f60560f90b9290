// Entry point of the analysis worker thread (bundled as dist/analysisWorker.js).
import { parentPort } from 'node:worker_threads';
import { createLanguageService } from '../core/service';
import { portLogger, serveAnalysis } from './serve';

if (!parentPort) throw new Error('the analysis worker runs in a worker thread');
serveAnalysis(parentPort, createLanguageService({ logger: portLogger(parentPort) }));
