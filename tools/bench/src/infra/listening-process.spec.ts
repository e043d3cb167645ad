import { listeningInodes } from './listening-process';

describe('listeningInodes', () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:4CEC 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:4CEC 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 41299 1 0000000000000000 20 4 30 10 -1',
    '   2: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 30001 1 0000000000000000 100 0 0 10 0',
  ].join('\n');

  it('finds the listening socket of a port, not its connections or other ports', () => {
    expect(listeningInodes(table, 0x4cec)).toEqual(['41234']);
    expect(listeningInodes(table, 5432)).toEqual(['30001']);
    expect(listeningInodes(table, 9092)).toEqual([]);
  });
});
