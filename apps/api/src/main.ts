import { loadConfig, runUntilSignal } from '@foyer/core';
import { serve } from './serve';

// `nest start api` during development; people run `foyer serve` (npm start), which is the same.
void runUntilSignal(() => serve(loadConfig()));
