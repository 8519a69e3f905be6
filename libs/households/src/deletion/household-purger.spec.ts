import { ObjectStorage } from '@foyer/storage';
import { HouseholdObjectKeyring } from '../keys/household-object-keyring';
import { HouseholdLifecycleRepository } from '../repositories/household-lifecycle.repository';
import { HouseholdPurger } from './household-purger';

const ID = '5b0c1d52-8a43-4a55-9d0e-6d1f0f6f2a10';

function setUp(options: { starts?: boolean; storageFails?: boolean } = {}) {
  const steps: string[] = [];
  const lifecycle = {
    startPurge: jest.fn(async () => {
      steps.push('start');
      return options.starts ?? true;
    }),
    destroyDataKey: jest.fn(async () => {
      steps.push('destroy data key');
    }),
    deletePurged: jest.fn(async () => {
      steps.push('delete rows');
    }),
  };
  const storage = {
    removeBucket: jest.fn(async (bucket: string) => {
      steps.push(`remove ${bucket}`);
      if (options.storageFails) throw new Error('storage unavailable');
    }),
  };
  const keyring = {
    forget: jest.fn(() => {
      steps.push('forget data key');
    }),
  };
  const purger = new HouseholdPurger(
    lifecycle as unknown as HouseholdLifecycleRepository,
    storage as unknown as ObjectStorage,
    keyring as unknown as HouseholdObjectKeyring,
  );
  return { purger, steps };
}

describe('HouseholdPurger', () => {
  it('destroys the data key first (crypto-shredding), then the bucket, then the rows', async () => {
    const { purger, steps } = setUp();
    await expect(purger.purge(ID)).resolves.toBe(true);
    expect(steps).toEqual([
      'start',
      'destroy data key',
      'forget data key',
      `remove foyer-hh-${ID}`,
      'delete rows',
    ]);
  });

  it('does nothing to a household that is not due, was cancelled or is gone', async () => {
    const { purger, steps } = setUp({ starts: false });
    await expect(purger.purge(ID)).resolves.toBe(false);
    expect(steps).toEqual(['start']);
  });

  it('keeps the rows when the bucket cannot be removed, so the retried job starts over', async () => {
    const { purger, steps } = setUp({ storageFails: true });
    await expect(purger.purge(ID)).rejects.toThrow('storage unavailable');
    expect(steps).toEqual([
      'start',
      'destroy data key',
      'forget data key',
      `remove foyer-hh-${ID}`,
    ]);
  });
});
