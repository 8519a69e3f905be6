/** A refusal the CLI explains in one message, without a stack: a wrong argument, an unknown name. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
