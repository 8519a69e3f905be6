import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@foyer/core';
import { PlansResponse } from '../dto/plan-response.dto';
import { PlanService } from '../services/plan.service';

@ApiTags('billing')
@Controller('api/v1/plans')
export class PlansController {
  constructor(private readonly plans: PlanService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The plans this instance offers (public)',
    description: 'Without billing (self-hosting) the only plan is `self_hosted`, with no limits.',
  })
  @ApiOkResponse({ type: PlansResponse })
  list(): PlansResponse {
    return this.plans.list();
  }
}
