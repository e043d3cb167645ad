// Structured JSON logs, one line per event, one logger per class. Fields that look like secrets
// are redacted before anything is written.
import type { LoggerService } from '@nestjs/common';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /(api[-_]?key|secret|password|token|authorization|credential)/i;

let minimumLevel: LogLevel = 'info';
let serviceName = 'ledgerline';
let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

export function configureLogging(options: { service: string; level?: LogLevel; sink?: (line: string) => void }): void {
  serviceName = options.service;
  if (options.level) minimumLevel = options.level;
  if (options.sink) sink = options.sink;
}

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => [
      key,
      SECRET_FIELD.test(key) ? '[redacted]' : redactSecrets(field, depth + 1),
    ]),
  );
}

export class JsonLogger implements LoggerService {
  constructor(private readonly context: string) {}

  debug(message: unknown, fields?: LogFields | string): void {
    this.write('debug', message, fields);
  }
  log(message: unknown, fields?: LogFields | string): void {
    this.write('info', message, fields);
  }
  info(message: unknown, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: unknown, fields?: LogFields | string): void {
    this.write('warn', message, fields);
  }
  error(message: unknown, fields?: LogFields | string, context?: string): void {
    this.write('error', message, typeof fields === 'string' ? { stack: fields, nestContext: context } : fields);
  }
  verbose(message: unknown, fields?: LogFields | string): void {
    this.write('debug', message, fields);
  }

  private write(level: LogLevel, message: unknown, fields?: LogFields | string): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[minimumLevel]) return;
    const extra = typeof fields === 'string' ? { nestContext: fields } : fields;
    const entry = {
      time: new Date().toISOString(),
      level,
      service: serviceName,
      context: this.context,
      msg: message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
      ...(redactSecrets(extra ?? {}) as LogFields),
    };
    sink(JSON.stringify(entry));
  }
}
