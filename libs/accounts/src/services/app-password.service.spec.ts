import { AppPasswordRepository } from '../repositories/app-password.repository';
import { sha256Hex } from '../tokens/secret-token';
import { AppPasswordService } from './app-password.service';

function setUp() {
  const repository = {
    create: jest.fn(async (input: { userId: string; label: string; secretHash: string }) => ({
      id: 'ap-1',
      ...input,
      createdAt: new Date('2026-01-02T03:04:05Z'),
      lastUsedAt: null,
      revokedAt: null,
    })),
    listActive: jest.fn().mockResolvedValue([
      {
        id: 'ap-1',
        label: 'Phone',
        secretHash: 'h',
        userId: 'u',
        createdAt: new Date('2026-01-02T03:04:05Z'),
        lastUsedAt: new Date('2026-01-03T00:00:00Z'),
      },
    ]),
    revoke: jest.fn().mockResolvedValue(true),
  };
  return {
    repository,
    service: new AppPasswordService(repository as unknown as AppPasswordRepository),
  };
}

describe('AppPasswordService', () => {
  it('returns the password once and stores the SHA-256 of its canonical form', async () => {
    const { service, repository } = setUp();
    const created = await service.create('user-1', 'Phone');
    expect(created).toEqual({
      id: 'ap-1',
      label: 'Phone',
      password: expect.any(String),
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    const stored = repository.create.mock.calls[0][0];
    expect(stored.secretHash).toBe(sha256Hex(created.password.replace(/-/g, '')));
    expect(JSON.stringify(stored)).not.toContain(created.password);
  });

  it('lists label and dates only, never a secret', async () => {
    const { service } = setUp();
    expect(await service.list('u')).toEqual([
      {
        id: 'ap-1',
        label: 'Phone',
        createdAt: '2026-01-02T03:04:05.000Z',
        lastUsedAt: '2026-01-03T00:00:00.000Z',
      },
    ]);
  });

  it('answers 404 APP_PASSWORD_NOT_FOUND when nothing was revoked', async () => {
    const { service, repository } = setUp();
    repository.revoke.mockResolvedValue(false);
    await expect(service.revoke('u', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject(
      {
        status: 404,
        code: 'APP_PASSWORD_NOT_FOUND',
      },
    );
  });

  it('answers 404 for an id that is not a uuid, without asking the database', async () => {
    const { service, repository } = setUp();
    await expect(service.revoke('u', 'nope')).rejects.toMatchObject({ status: 404 });
    expect(repository.revoke).not.toHaveBeenCalled();
  });
});
