/**
 * Where the files library plugs in its usage meter (the sum of each household's file sizes): it
 * provides this token from a global module, and the households module then uses it instead of
 * the placeholder (NoStoredFilesUsageMeter). Households does not import files; files depends on
 * households, so the meter comes in through this token.
 */
export const USAGE_METER_OVERRIDE = 'foyer:households:usage-meter-override';
