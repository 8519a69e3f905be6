import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '@foyer/accounts';
import { CurrentUser } from '@foyer/accounts';
import { BillingOverviewResponse } from '../dto/billing-overview-response.dto';
import { CheckoutDto } from '../dto/checkout.dto';
import { RedirectResponse } from '../dto/redirect-response.dto';
import { HouseholdBillingService } from '../services/household-billing.service';

@ApiTags('billing')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiParam({ name: 'hid', description: "The household's id or slug" })
@ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND (also when the caller is not a member)' })
@Controller('api/v1/households/:hid/billing')
export class HouseholdBillingController {
  constructor(private readonly billing: HouseholdBillingService) {}

  @Get()
  @ApiOperation({
    summary: 'Plan, status, period, usage against quota, seats and recent invoices (members)',
  })
  @ApiOkResponse({ type: BillingOverviewResponse })
  @ApiBadGatewayResponse({ description: 'BILLING_PROVIDER_UNAVAILABLE' })
  overview(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<BillingOverviewResponse> {
    return this.billing.overview(user, hid);
  }

  @Post('checkout')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start a Stripe Checkout for a paid plan (owners) → where to go' })
  @ApiOkResponse({ type: RedirectResponse })
  @ApiBadRequestResponse({ description: 'BILLING_PLAN_NOT_PURCHASABLE, VALIDATION_FAILED' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiConflictResponse({ description: 'BILLING_DISABLED' })
  @ApiBadGatewayResponse({ description: 'BILLING_PROVIDER_UNAVAILABLE' })
  checkout(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Body() body: CheckoutDto,
  ): Promise<RedirectResponse> {
    return this.billing.checkout(user, hid, body.planId);
  }

  @Post('portal')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Open the Stripe Billing Portal (owners) → where to go' })
  @ApiOkResponse({ type: RedirectResponse })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiConflictResponse({ description: 'BILLING_DISABLED, BILLING_NO_CUSTOMER' })
  @ApiBadGatewayResponse({ description: 'BILLING_PROVIDER_UNAVAILABLE' })
  portal(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<RedirectResponse> {
    return this.billing.portal(user, hid);
  }
}
