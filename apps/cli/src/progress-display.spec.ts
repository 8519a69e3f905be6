import { describeProgress, formatBytes, percentOf, ProgressDisplay } from './progress-display';

function output(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, columns: 200, written, write: (text: string) => written.push(text) };
}

const at = (bytesDone: number, entriesDone = 0) => ({
  entriesDone,
  entryTotal: 10,
  bytesDone,
  byteTotal: 1000,
});

describe('ProgressDisplay', () => {
  it('counts percent by bytes, by entries when there are none, and clamps', () => {
    expect(percentOf(at(500))).toBe(50);
    expect(percentOf({ entriesDone: 3, entryTotal: 4, bytesDone: 0, byteTotal: 0 })).toBe(75);
    expect(percentOf({ entriesDone: 0, entryTotal: 0, bytesDone: 0, byteTotal: 0 })).toBe(100);
    expect(percentOf(at(1500))).toBe(100);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(describeProgress(at(250, 2))).toBe(' 25% 2/10 entries, 250 B/1000 B');
  });

  it('writes a line per 10% without a terminal, and the last one once', () => {
    const out = output(false);
    const display = new ProgressDisplay('Exporting home', out);
    for (let bytes = 0; bytes <= 1000; bytes += 50) display.update(at(bytes));
    display.finish(at(1000, 10));
    expect(out.written).toHaveLength(11);
    expect(out.written[0]).toBe('Exporting home:   0% 0/10 entries, 0 B/1000 B\n');
    expect(out.written[10]).toBe('Exporting home: 100% 0/10 entries, 1000 B/1000 B\n');
  });

  it('redraws a bar in place on a terminal, at most every 100 ms, and ends the line', () => {
    const out = output(true);
    let now = 0;
    const display = new ProgressDisplay('Exporting home', out, () => now);
    display.update(at(0));
    now = 50;
    display.update(at(400));
    now = 150;
    display.update(at(500, 5));
    display.finish(at(1000, 10));
    const erase = '\u001b[K';
    expect(out.written).toEqual([
      `\rExporting home [${'.'.repeat(30)}]   0% 0/10 entries, 0 B/1000 B${erase}`,
      `\rExporting home [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 5/10 entries, 500 B/1000 B${erase}`,
      `\rExporting home [${'#'.repeat(30)}] 100% 10/10 entries, 1000 B/1000 B${erase}`,
      '\n',
    ]);
  });
});
