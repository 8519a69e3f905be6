import { TenancyFoundation1764100000000 } from './1764100000000-tenancy-foundation';
import { Accounts1764100000100 } from './1764100000100-accounts';
import { Jobs1764100000200 } from './1764100000200-jobs';
import { Households1764100000300 } from './1764100000300-households';
import { Files1764100000500 } from './1764100000500-files';
import { Billing1764100000600 } from './1764100000600-billing';
import { Dav1764100000700 } from './1764100000700-dav';
import { Pim1764100000800 } from './1764100000800-pim';
import { PimCalls1764100000850 } from './1764100000850-pim-calls';
import { Exports1764100000900 } from './1764100000900-exports';
import { MigrationTokens1764100001000 } from './1764100001000-migration-tokens';
import { Imports1764100001100 } from './1764100001100-imports';
import { AccountLanguage1764100002400 } from './1764100002400-account-language';
import { ObjectEncryption1764100002500 } from './1764100002500-object-encryption';

/** The one migration chain, in order. A new migration is added here and nowhere else. */
export const MIGRATIONS = [
  TenancyFoundation1764100000000,
  Accounts1764100000100,
  Jobs1764100000200,
  Households1764100000300,
  Files1764100000500,
  Billing1764100000600,
  Dav1764100000700,
  Pim1764100000800,
  PimCalls1764100000850,
  Exports1764100000900,
  MigrationTokens1764100001000,
  Imports1764100001100,
  AccountLanguage1764100002400,
  ObjectEncryption1764100002500,
];
