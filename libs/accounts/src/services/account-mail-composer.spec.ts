import { FoyerConfig } from '@foyer/core';
import { AccountMailComposer } from './account-mail-composer';

describe('AccountMailComposer', () => {
  const composer = new AccountMailComposer({ publicUrl: 'https://foyer.example' } as FoyerConfig);
  const ada = { email: 'ada@example.com', displayName: 'Ada', language: 'en' as const };
  const amelie = { email: 'amelie@example.com', displayName: 'Amélie', language: 'fr' as const };

  it('writes the verification link alone on its line, under the public URL', () => {
    const mail = composer.verification(ada, 'tok_en-1', 48);
    expect(mail.to).toBe('ada@example.com');
    expect(mail.text.split('\n')).toContain('https://foyer.example/verify-email?token=tok_en-1');
    expect(mail.text).toContain('48 hours');
    expect(mail.text).toContain('Hello Ada');
  });

  it('writes the reset link alone on its line, under the public URL', () => {
    const mail = composer.passwordReset(ada, 'tok_en-2', 60);
    expect(mail.text.split('\n')).toContain('https://foyer.example/reset-password?token=tok_en-2');
    expect(mail.text).toContain('60 minutes');
    expect(mail.subject).toMatch(/reset/i);
  });

  it('writes in French to a French-speaking account', () => {
    const mail = composer.passwordReset(amelie, 'tok', 60);
    expect(mail.subject).toBe('Réinitialisez votre mot de passe Foyer');
    expect(mail.text).toContain('Bonjour Amélie,');
    expect(mail.text).toContain('pendant 60 minutes');
    expect(mail.text).not.toContain('Hello');
  });

  it('tells the owner of a taken address, in their language, where to sign in or reset', () => {
    const mail = composer.signupAttempt(amelie);
    expect(mail.to).toBe('amelie@example.com');
    expect(mail.subject).toBe('Quelqu’un a essayé de créer un compte Foyer avec votre adresse');
    expect(mail.text.split('\n')).toEqual(
      expect.arrayContaining([
        'https://foyer.example/sign-in',
        'https://foyer.example/forgot-password',
      ]),
    );
    expect(mail.text).toContain('aucun compte n’a été créé');
  });

  it('says where a moved household came from, who moved it, and for how long the link works', () => {
    const facts = { householdName: 'Les\nMartin', movedBy: 'Olga', source: 'https://old.example' };
    const mail = composer.movedIn(amelie, facts, 'tok_7', 7);
    expect(mail.subject).toBe(
      '« Les Martin » a déménagé sur un nouveau Foyer : choisissez votre mot de passe',
    );
    expect(mail.text).toContain('Olga a déménagé le foyer « Les Martin » de https://old.example');
    expect(mail.text).toContain('https://foyer.example');
    expect(mail.text.split('\n')).toContain('https://foyer.example/reset-password?token=tok_7');
    expect(mail.text).toContain('pendant 7 jours');
    expect(mail.text).toContain('« Mot de passe oublié ? »');
    const fromArchive = composer.movedIn(ada, { ...facts, movedBy: null, source: null }, 't', 7);
    expect(fromArchive.text).toContain('Someone moved the household "Les Martin" to this Foyer');
    expect(fromArchive.text).toContain('from an export archive');
    expect(fromArchive.text).not.toMatch(/someone asked to reset/i);
  });
});
