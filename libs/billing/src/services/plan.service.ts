import { Injectable } from '@nestjs/common';
import { PlansResponse } from '../dto/plan-response.dto';
import { PlanCatalog } from '../plans/plan-catalog';
import { toPlanResponse } from './plan-mapper';

@Injectable()
export class PlanService {
  constructor(private readonly catalog: PlanCatalog) {}

  list(): PlansResponse {
    return { billingEnabled: this.catalog.enabled, plans: this.catalog.all().map(toPlanResponse) };
  }
}
