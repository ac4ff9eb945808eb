/** A load of a vectors file was cancelled (the previous model stays). */
export class LoadCancelledError extends Error {
  constructor() {
    super('loading was cancelled');
    this.name = 'LoadCancelledError';
  }
}
