import { DynamicModule } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { JobState } from '@foyer/jobs';
import { JobRecorder } from './job-recorder';
import { JobsTestApp, startJobsApp } from './jobs-test-app';

/** A job as its backing store holds it, read behind the driver's back. */
export interface StoredJob {
  name: string;
  state: JobState;
  attempts: number;
  error: string | null;
}

/** One isolated backing store (a fresh database, or a fresh Redis prefix) for one test. */
export interface JobsBackend {
  config: FoyerConfig;
  /** What the driver needs beside the config (the database connection, as the app role). */
  imports: DynamicModule[];
  jobs(): Promise<StoredJob[]>;
  tearDown(): Promise<void>;
}

/** What one test of the jobs drivers works with; read its fields inside tests and hooks only. */
export interface JobsFixture<B extends JobsBackend> {
  /** The test's own backing store. */
  readonly backend: B;
  /** Handles every job of the apps started to consume, as the test says. */
  readonly recorder: JobRecorder;
  /** The apps started in this test, closed after it (take one out to close it yourself). */
  readonly apps: JobsTestApp[];
  /** Starts an app on the backend; one that consumes runs jobs with the recorder's handlers. */
  start(consume: boolean): Promise<JobsTestApp>;
}

/**
 * Registers, in the enclosing describe, the hooks that give each test a fresh backend and
 * recorder, and close its apps and the backend after it.
 */
export function useJobsFixture<B extends JobsBackend>(
  createBackend: () => Promise<B>,
): JobsFixture<B> {
  let backend: B;
  let recorder: JobRecorder;
  let apps: JobsTestApp[];

  const start = async (consume: boolean): Promise<JobsTestApp> => {
    const app = await startJobsApp({
      config: backend.config,
      imports: backend.imports,
      consume,
      providers: consume ? [recorder.handlersClass()] : [],
    });
    apps.push(app);
    return app;
  };

  beforeEach(async () => {
    backend = await createBackend();
    recorder = new JobRecorder();
    apps = [];
  });

  afterEach(async () => {
    for (const app of apps) await app.close();
    await backend.tearDown();
  });

  return {
    get backend() {
      return backend;
    },
    get recorder() {
      return recorder;
    },
    get apps() {
      return apps;
    },
    start,
  };
}
