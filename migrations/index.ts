import { TenancyFoundation1764100000000 } from './1764100000000-tenancy-foundation';

/** The one migration chain, in order. A new migration is added here and nowhere else. */
export const MIGRATIONS = [TenancyFoundation1764100000000];
