// The SQLSTATE of a failed query: on the error itself (pg's DatabaseError, and TypeORM's
// QueryFailedError, which copies it) or on the driver error TypeORM wraps.
export function sqlStateOf(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = candidate?.code ?? candidate?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}
