import { FoyerConfig } from '@foyer/core';
import { AccountMailComposer } from './account-mail-composer';

describe('AccountMailComposer', () => {
  const composer = new AccountMailComposer({ publicUrl: 'https://foyer.example' } as FoyerConfig);
  const ada = { email: 'ada@example.com', displayName: 'Ada' };

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
});
