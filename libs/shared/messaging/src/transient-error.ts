// Which failures are about the message itself and which are about the world around it. Only the
// first kind may ever set a message aside: anything else (an outage, a revoked privilege, a
// timeout, a bug) stops the partition and is retried until it passes, because a message that was
// accepted must not be discarded for a fault that is not its own.

/**
 * Thrown by handlers for input that can never be applied, whatever the retries: a contract or
 * rule violation named by a code. The only handler error a consumer dead-letters.
 */
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

/** True only for errors that name the message as the cause (see PermanentMessageError). */
export function isMessageFault(error: unknown): error is PermanentMessageError {
  return error instanceof PermanentMessageError;
}

// PostgreSQL SQLSTATE classes and codes that mean "try again": connection exceptions, admin
// shutdown, too many connections, serialization failures and deadlocks.
const TRANSIENT_SQLSTATE = /^(08|57P0|53300|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * An outage: the database or broker is unreachable or cut the work off. Every such failure is
 * retried like any other non-message fault; this only tells a combined write to fail all of its
 * batches at once instead of trying them one by one, and labels metrics and logs.
 */
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

/** A short, stable label for a failure: its SQLSTATE or error code, else its class name. */
export function failureClassOf(error: unknown): string {
  if (error instanceof PermanentMessageError) return error.code;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z0-9_.]{1,40}$/.test(code)) return code;
    return error.name || 'Error';
  }
  return typeof error;
}
