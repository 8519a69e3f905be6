export { startWorker } from './start-worker';
export { WorkerModule } from './worker.module';
