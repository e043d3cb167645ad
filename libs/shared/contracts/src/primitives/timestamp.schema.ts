// Timestamps on the wire: ISO-8601 with an explicit offset, so a till's local time is never
// mistaken for UTC. Seconds are required; fractions of any precision are accepted.
import { z } from 'zod';

export const TIMESTAMP_EXAMPLE = '2025-03-01T10:30:00+01:00';

export const timestampSchema = z.iso
  .datetime({
    offset: true,
    error: (issue) =>
      issue.code === 'invalid_format'
        ? `must be an ISO-8601 timestamp with seconds and a UTC offset, e.g. ${TIMESTAMP_EXAMPLE} or 2025-03-01T09:30:00Z`
        : undefined,
  })
  .describe('ISO-8601 timestamp with seconds and an explicit offset (Z or +hh:mm)');
