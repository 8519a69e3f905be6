export { serve } from './serve';
export type { RunningServer } from './serve';
export { createApiApplication } from './api-application';
