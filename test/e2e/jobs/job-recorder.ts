import { Injectable, Type } from '@nestjs/common';
import { JobName, OnJob, OnJobFailed } from '@foyer/jobs';

export interface RecordedCall {
  name: JobName;
  payload: unknown;
}

/**
 * Stands in for the libraries' handlers: records every call and behaves as the test says
 * (`behaviour` throws to fail an attempt, or never resolves to keep a job running).
 */
export class JobRecorder {
  readonly calls: RecordedCall[] = [];
  /** Calls of the failure handlers (`@OnJobFailed`), with the reason given. */
  readonly failures: (RecordedCall & { reason: string })[] = [];
  behaviour: (call: RecordedCall, callNumber: number) => Promise<void> = async () => undefined;

  async handle(name: JobName, payload: unknown): Promise<void> {
    const call = { name, payload };
    this.calls.push(call);
    await this.behaviour(call, this.calls.filter((earlier) => earlier.name === name).length);
  }

  callsOf(name: JobName): RecordedCall[] {
    return this.calls.filter((call) => call.name === name);
  }

  /**
   * An @Injectable class with one @OnJob method per given job name (all of them by default),
   * built from the table so that the tests keep passing the boot check as job names are added.
   */
  handlersClass(names: readonly JobName[] = Object.values(JobName)): Type {
    class RecordingHandlers {}
    names.forEach((name, index) => {
      const descriptor: TypedPropertyDescriptor<(payload: unknown) => Promise<void>> = {
        value: (payload: unknown) => this.handle(name, payload),
        writable: true,
        configurable: true,
      };
      Object.defineProperty(RecordingHandlers.prototype, `handle${index}`, descriptor);
      OnJob(name)(RecordingHandlers.prototype, `handle${index}`, descriptor);
      const failed: TypedPropertyDescriptor<(payload: unknown, reason: string) => Promise<void>> = {
        value: async (payload: unknown, reason: string) => {
          this.failures.push({ name, payload, reason });
        },
        writable: true,
        configurable: true,
      };
      Object.defineProperty(RecordingHandlers.prototype, `failed${index}`, failed);
      OnJobFailed(name)(RecordingHandlers.prototype, `failed${index}`, failed);
    });
    Injectable()(RecordingHandlers);
    return RecordingHandlers;
  }
}
