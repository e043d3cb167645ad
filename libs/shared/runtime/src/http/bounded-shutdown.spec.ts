import { EventEmitter } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import { installBoundedShutdown } from './bounded-shutdown';

/** Only close() is used; a real Nest context would need modules that hang on purpose. */
function appClosing(close: () => Promise<void>): INestApplicationContext {
  return { close } as unknown as INestApplicationContext;
}

describe('installBoundedShutdown', () => {
  let signalSource = new EventEmitter();
  beforeEach(() => (signalSource = new EventEmitter()));
  const uninstall: Array<() => void> = [];
  afterEach(() => {
    for (const remove of uninstall.splice(0)) remove();
    process.exitCode = undefined;
    jest.useRealTimers();
  });

  it('exits with 0 once the application closed', async () => {
    const exits: number[] = [];
    uninstall.push(installBoundedShutdown(appClosing(async () => undefined), { timeoutMs: 1_000, signals: ['SIGTERM'], signalSource, exit: (code) => exits.push(code) }));
    signalSource.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([0]);
  });

  it('keeps the exit code the process asked for', async () => {
    const exits: number[] = [];
    process.exitCode = 1;
    uninstall.push(installBoundedShutdown(appClosing(async () => undefined), { timeoutMs: 1_000, signals: ['SIGTERM'], signalSource, exit: (code) => exits.push(code) }));
    signalSource.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([1]);
  });

  it('exits with 1 after the bound when closing hangs', () => {
    jest.useFakeTimers();
    const exits: number[] = [];
    uninstall.push(installBoundedShutdown(appClosing(() => new Promise<void>(() => undefined)), { timeoutMs: 30_000, signals: ['SIGTERM'], signalSource, exit: (code) => exits.push(code) }));
    signalSource.emit('SIGTERM', 'SIGTERM');
    jest.advanceTimersByTime(29_999);
    expect(exits).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(exits).toEqual([1]);
  });

  it('exits at once on a second signal', () => {
    const exits: number[] = [];
    uninstall.push(installBoundedShutdown(appClosing(() => new Promise<void>(() => undefined)), { timeoutMs: 30_000, signals: ['SIGTERM'], signalSource, exit: (code) => exits.push(code) }));
    signalSource.emit('SIGTERM', 'SIGTERM');
    signalSource.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
  });
});

describe('installBoundedShutdown, closed by its owner', () => {
  it('stops listening for signals', async () => {
    const signalSource = new EventEmitter();
    const app = appClosing(async () => undefined);
    installBoundedShutdown(app, { timeoutMs: 1_000, signals: ['SIGTERM'], signalSource, exit: () => undefined });
    expect(signalSource.listenerCount('SIGTERM')).toBe(1);
    await app.close();
    expect(signalSource.listenerCount('SIGTERM')).toBe(0);
  });
});
