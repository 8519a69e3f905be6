import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Été "2025" (v2).pdf', 'attachment')).toBe(
      `attachment; filename="_t_ _2025_ (v2).pdf"; filename*=UTF-8''%C3%89t%C3%A9%20%222025%22%20%28v2%29.pdf`,
    );
  });

  it('keeps plain names', () => {
    expect(contentDisposition('notes.txt', 'inline')).toBe(
      `inline; filename="notes.txt"; filename*=UTF-8''notes.txt`,
    );
  });
});
