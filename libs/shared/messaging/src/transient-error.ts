// Tells an outage (retry until it passes) from a poison message (set it aside): only a message
// that fails on its own, with an error that is not an outage, is dead-lettered.

/** Thrown by handlers for input that can never be applied, whatever the retries. */
export class PermanentMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

// PostgreSQL SQLSTATE classes and codes that mean "try again": connection exceptions, admin
// shutdown, too many connections, serialization failures and deadlocks.
const TRANSIENT_SQLSTATE = /^(08|57P0|53300|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isTransientError(error: unknown): boolean {
  if (error instanceof PermanentMessageError) return false;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  if ((error as { retriable?: unknown }).retriable === true) return true;
  return /connection terminated|terminating connection|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(
    error.message,
  );
}
