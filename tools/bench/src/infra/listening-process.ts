// Which process listens on a TCP port of this machine, from /proc: how the bench finds the broker
// it runs against (KAFKA_BROKERS names a port, not a process) to read that broker's CPU time
// rather than that of every Java process on a shared machine. Linux only; undefined elsewhere.
import { readFile, readdir, readlink } from 'node:fs/promises';

const LISTEN = '0A';

/** Socket inodes in the LISTEN state on `port`, from /proc/net/tcp and tcp6. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [, localAddress, , state, , , , , , inode] = fields;
    if (!localAddress || state !== LISTEN || !inode) continue;
    if (Number.parseInt(localAddress.slice(localAddress.lastIndexOf(':') + 1), 16) === port) inodes.push(inode);
  }
  return inodes;
}

export async function pidListeningOn(port: number): Promise<number | undefined> {
  const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'utf8').catch(() => '')));
  const sockets = new Set(tables.flatMap((table) => listeningInodes(table, port)).map((inode) => `socket:[${inode}]`));
  if (sockets.size === 0) return undefined;
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const descriptors = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const descriptor of descriptors) {
      const target = await readlink(`/proc/${entry}/fd/${descriptor}`).catch(() => '');
      if (sockets.has(target)) return Number(entry);
    }
  }
  return undefined;
}
