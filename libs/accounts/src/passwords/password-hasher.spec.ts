import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  beforeAll(() => hasher.onModuleInit());

  it('hashes with argon2id, salted', async () => {
    const first = await hasher.hash('by-the-fireside-42');
    const second = await hasher.hash('by-the-fireside-42');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('by-the-fireside-42');
    await expect(hasher.verify(hash, 'by-the-fireside-42')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'by-the-fireside-43')).resolves.toBe(false);
  });

  it('answers false, not an error, for a hash it cannot read', async () => {
    await expect(hasher.verify('not-a-hash', 'anything')).resolves.toBe(false);
  });

  it('spends a real argon2id verification on the dummy hash and always answers false', async () => {
    const verify = jest.spyOn(hasher, 'verify');
    await expect(hasher.verifyDummy('anything')).resolves.toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [dummyHash, password] = verify.mock.calls[0];
    expect(dummyHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(password).toBe('anything');
    verify.mockRestore();
  });
});
