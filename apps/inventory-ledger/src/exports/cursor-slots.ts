// How many exports may hold a database connection for their whole length at once (a cursor is
// read as fast as the client takes it, so a slow client holds its connection for minutes). The
// ledger's pool also serves the batches it applies: past the limit an export is refused, 503, the
// client asked to retry, rather than the pool drained and the ledger's writes made to wait.
import { ServiceUnavailableException } from '@nestjs/common';

export class CursorSlots {
  private held = 0;

  constructor(private readonly limit: number) {}

  /** Takes a slot and returns what gives it back (once), or refuses when all are taken. */
  take(): () => void {
    if (this.held >= this.limit) {
      throw new ServiceUnavailableException({ code: 'LEDGER.EXPORTS_BUSY', message: `${this.limit} exports are being read already; retry in a few seconds` });
    }
    this.held += 1;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.held -= 1;
    };
  }
}

/** A quarter of the default pool of ten, leaving the rest to the ledger's own work. */
export const CURSOR_EXPORT_SLOTS = new CursorSlots(2);
