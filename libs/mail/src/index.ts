export { MailModule } from './mail.module';
export { Mailer } from './mailer';
export type { MailMessage } from './mailer';
export {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGES,
  languageOfAcceptLanguage,
  SharedWords,
} from './messages';
export type { Language, SharedWordKey } from './messages';
