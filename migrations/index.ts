import { TenancyFoundation1764100000000 } from './1764100000000-tenancy-foundation';
import { Accounts1764100000100 } from './1764100000100-accounts';
import { Jobs1764100000200 } from './1764100000200-jobs';
import { Households1764100000300 } from './1764100000300-households';

/** The one migration chain, in order. A new migration is added here and nowhere else. */
export const MIGRATIONS = [
  TenancyFoundation1764100000000,
  Accounts1764100000100,
  Jobs1764100000200,
  Households1764100000300,
];
