import { en, type Locale } from './en';

/** The strings of the active language. Only English ships today. */
export const strings: Locale = en;
