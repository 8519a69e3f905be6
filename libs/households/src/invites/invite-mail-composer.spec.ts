import { FoyerConfig } from '@foyer/core';
import { HouseholdRole } from '../access/household-role';
import { InviteMailComposer } from './invite-mail-composer';

describe('InviteMailComposer', () => {
  const composer = new InviteMailComposer({ publicUrl: 'https://foyer.example' } as FoyerConfig);
  const mail = {
    to: 'grandma@example.com',
    householdName: 'The Martins',
    inviterName: 'Olga',
    role: HouseholdRole.Member,
    expiresAt: new Date('2030-06-08T12:00:00Z'),
    language: 'en' as const,
  };

  it('puts the link, alone on its line, with the token escaped', () => {
    const message = composer.invite(mail, 'a+b/c=');
    expect(message.to).toBe('grandma@example.com');
    expect(message.subject).toBe('Olga invited you to the household "The Martins" on Foyer');
    expect(message.text.split('\n')).toContain('https://foyer.example/invite?token=a%2Bb%2Fc%3D');
    expect(message.text).toContain('as a member');
    expect(message.text).toContain('until Saturday, June 8, 2030 at 12:00 PM UTC');
  });

  it('keeps the subject on one line whatever the names hold, and copes without an inviter', () => {
    const message = composer.invite(
      { ...mail, householdName: 'The\r\nBcc: evil@example.com', inviterName: null },
      'token',
    );
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject.startsWith('Someone invited you')).toBe(true);
  });

  it('speaks French to a French-speaking invitee, with the words of the web app', () => {
    const message = composer.invite({ ...mail, language: 'fr', role: HouseholdRole.Admin }, 't');
    expect(message.subject).toBe('Olga vous invite à rejoindre le foyer « The Martins » sur Foyer');
    expect(message.text).toContain('en tant que administrateur');
    expect(message.text).toContain('jusqu’au samedi 8 juin 2030 à 12:00 UTC');
    expect(message.text.startsWith('Bonjour,')).toBe(true);
  });
});
