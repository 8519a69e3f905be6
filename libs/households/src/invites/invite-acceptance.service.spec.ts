import { FoyerError } from '@foyer/core';
import { assertRedeemable } from './invite-acceptance.service';

const now = new Date('2030-06-01T12:00:00Z');
const later = new Date('2030-06-02T12:00:00Z');
const earlier = new Date('2030-05-31T12:00:00Z');

function codeOf(invite: Parameters<typeof assertRedeemable>[0]): string | undefined {
  try {
    assertRedeemable(invite, now);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(FoyerError);
    return (error as FoyerError).code;
  }
}

describe('assertRedeemable', () => {
  it('lets a pending invite through', () => {
    expect(codeOf({ acceptedAt: null, revokedAt: null, expiresAt: later })).toBeUndefined();
  });

  it.each([
    ['used', { acceptedAt: earlier, revokedAt: null, expiresAt: later }, 'INVITE_USED', 409],
    ['revoked', { acceptedAt: null, revokedAt: earlier, expiresAt: later }, 'INVITE_REVOKED', 410],
    ['expired', { acceptedAt: null, revokedAt: null, expiresAt: earlier }, 'INVITE_EXPIRED', 410],
    [
      'expiring this instant',
      { acceptedAt: null, revokedAt: null, expiresAt: now },
      'INVITE_EXPIRED',
      410,
    ],
    [
      'used and expired',
      { acceptedAt: earlier, revokedAt: null, expiresAt: earlier },
      'INVITE_USED',
      409,
    ],
    [
      'revoked and expired',
      { acceptedAt: null, revokedAt: earlier, expiresAt: earlier },
      'INVITE_REVOKED',
      410,
    ],
  ])('refuses an invite %s with %s', (_label, invite, code, status) => {
    expect(codeOf(invite)).toBe(code);
    try {
      assertRedeemable(invite, now);
    } catch (error) {
      expect((error as FoyerError).status).toBe(status);
    }
  });
});
