import { existsSync } from 'node:fs';
import { JsonLinesSpool } from './json-lines-spool';

async function all<T>(values: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of values) out.push(value);
  return out;
}

describe('JsonLinesSpool', () => {
  it('gives back every value in order, as often as asked, then removes its file', async () => {
    const spool = await JsonLinesSpool.create<{ n: number; text: string }>('spec');
    const values = Array.from({ length: 5000 }, (_, n) => ({ n, text: `line\n${n} "é" 🙂` }));
    for (const value of values) await spool.append(value);
    expect(spool.count).toBe(5000);
    await spool.close();

    expect(await all(spool.values())).toEqual(values);
    expect(await all(spool.values())).toEqual(values);

    const directory = spool.directory;
    expect(existsSync(directory)).toBe(true);
    await spool.remove();
    expect(existsSync(directory)).toBe(false);
    await spool.remove();
  });

  it('stops a reader part way without holding the file open for the next one', async () => {
    const spool = await JsonLinesSpool.create<number>('spec');
    for (let n = 0; n < 100; n++) await spool.append(n);
    await spool.close();
    for await (const n of spool.values()) if (n === 3) break;
    expect((await all(spool.values())).length).toBe(100);
    await spool.remove();
  });

  it('is read only once closed, and written only until then', async () => {
    const spool = await JsonLinesSpool.create<number>('spec');
    await spool.append(1);
    await expect(all(spool.values())).rejects.toThrow('still being written');
    await spool.close();
    await expect(spool.append(2)).rejects.toThrow('closed');
    expect(await all(spool.values())).toEqual([1]);
    await spool.remove();
  });

  it('can be removed while being written', async () => {
    const spool = await JsonLinesSpool.create<number>('spec');
    await spool.append(1);
    await spool.remove();
    expect(existsSync(spool.directory)).toBe(false);
    await expect(spool.append(2)).rejects.toThrow('closed');
  });
});
