import type { Plan } from '../plans/plan';
import type { PlanResponse } from '../dto/plan-response.dto';

export function toPlanResponse(plan: Plan): PlanResponse {
  return {
    id: plan.id,
    name: plan.name,
    monthlyPrice: plan.monthlyPrice,
    currency: plan.currency,
    storageQuotaBytes: plan.storageQuotaBytes,
    seats: plan.seats,
    purchasable: plan.monthlyPrice > 0 && plan.stripePriceId !== undefined,
  };
}
