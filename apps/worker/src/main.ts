import { loadConfig, runUntilSignal } from '@foyer/core';
import { startWorker } from './start-worker';

void runUntilSignal(() => startWorker(loadConfig()));
