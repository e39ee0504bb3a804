/** An error with a stable code, carried to the renderer as `{ code, message, detail }`. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}
