/**
 * Where billing plugs in. A library that knows the plans (billing) provides these tokens from a
 * global module; the households module then uses them instead of its defaults (unlimited, no
 * restriction). Nothing else changes: SeatCheck and HouseholdAccessService ask the ports.
 */
export const ENTITLEMENTS_OVERRIDE = 'foyer:households:entitlements-override';
export const WRITE_RESTRICTION_OVERRIDE = 'foyer:households:write-restriction-override';
