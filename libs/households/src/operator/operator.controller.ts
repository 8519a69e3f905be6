import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Ip,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '@foyer/accounts';
import { CurrentUser } from '@foyer/accounts';
import { InstanceAdminGuard } from './instance-admin.guard';
import { OperatorHouseholdResponse } from './operator-household-response.dto';
import { OperatorService } from './operator.service';
import { SuspendHouseholdDto } from './suspend-household.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiForbiddenResponse({ description: 'NOT_INSTANCE_ADMIN' })
@UseGuards(InstanceAdminGuard)
@Controller('api/v1/admin/households')
export class OperatorController {
  constructor(private readonly operator: OperatorService) {}

  @Get()
  @ApiOperation({ summary: 'Every household of the instance, with status, members and usage' })
  @ApiOkResponse({ type: [OperatorHouseholdResponse] })
  list(@CurrentUser() user: AuthenticatedUser): Promise<OperatorHouseholdResponse[]> {
    return this.operator.list(user);
  }

  @Post(':id/suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Suspend a household: read-only for its members, export still works' })
  @ApiOkResponse({ type: OperatorHouseholdResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (reason missing, empty or too long)' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_NOT_ACTIVE' })
  suspend(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: SuspendHouseholdDto,
    @Ip() ip: string | undefined,
  ): Promise<OperatorHouseholdResponse> {
    return this.operator.suspend(user, id, body.reason, ip ?? null);
  }

  @Post(':id/unsuspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a suspension: the household is active again' })
  @ApiOkResponse({ type: OperatorHouseholdResponse })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_NOT_SUSPENDED' })
  unsuspend(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string | undefined,
  ): Promise<OperatorHouseholdResponse> {
    return this.operator.unsuspend(user, id, ip ?? null);
  }
}
