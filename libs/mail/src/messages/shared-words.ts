import { Language } from './language';
import { SharedWordKey, sharedWordsEn } from './shared-words-en';
import { sharedWordsFr } from './shared-words-fr';

const DICTIONARIES: Readonly<Record<Language, Readonly<Record<SharedWordKey, string>>>> = {
  en: sharedWordsEn,
  fr: sharedWordsFr,
};
const SIZE_UNITS = ['size.B', 'size.KB', 'size.MB', 'size.GB', 'size.TB'] as const;

/**
 * The shared words in one language, for what the server writes (mails, default folders):
 * `{name}` placeholders filled in as the web app fills them, dates and sizes written the way that
 * language writes them.
 */
export class SharedWords {
  private readonly dictionary: Readonly<Record<SharedWordKey, string>>;

  constructor(readonly language: Language) {
    this.dictionary = DICTIONARIES[language];
  }

  t(key: SharedWordKey, values?: Readonly<Record<string, string | number>>): string {
    return this.dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
  }

  /** A moment, with its time zone (UTC: the reader's own is not known). */
  dateTime(date: Date): string {
    const text = new Intl.DateTimeFormat(this.language, {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(date);
    return `${text} UTC`;
  }

  /** A size in the units the web app uses: "1.5 MB", "1,5 Mo". */
  bytes(bytes: number): string {
    let unit = 0;
    let value = bytes;
    while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    const size = new Intl.NumberFormat(this.language, { maximumFractionDigits: 1 }).format(value);
    return this.t(SIZE_UNITS[unit], { size });
  }

  /** "Hello Ada," and the lines of a plain-text mail, signed, with a final newline. */
  body(name: string | null, ...lines: string[]): string {
    const hello = name ? this.t('mail.hello', { name }) : this.t('mail.helloAnyone');
    return [hello, '', ...lines, '', this.t('mail.signature'), ''].join('\n');
  }
}
