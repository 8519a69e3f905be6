export { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, languageOfAcceptLanguage } from './language';
export type { Language } from './language';
export { SharedWords } from './shared-words';
export { sharedWordsEn } from './shared-words-en';
export type { SharedWordKey } from './shared-words-en';
export { sharedWordsFr } from './shared-words-fr';
