import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { Actor } from '../members/actor';
import { CurrentActor } from './current-actor.decorator';
import { ChangeMemberRoleDto } from '../dto/change-member-role.dto';
import { MemberResponse } from '../dto/member-response.dto';
import { TransferOwnershipDto } from '../dto/transfer-ownership.dto';
import { MemberService } from '../members/member.service';
import { HOUSEHOLD_ID_PARAM as HID } from './household-id-param';

const NOT_FOUND = 'HOUSEHOLD_NOT_FOUND (also when not a member), MEMBER_NOT_FOUND';

@ApiTags('members')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid')
export class MemberController {
  constructor(private readonly members: MemberService) {}

  @Get('members')
  @ApiOperation({ summary: "The household's members (any member may list them)" })
  @ApiParam(HID)
  @ApiOkResponse({ type: [MemberResponse] })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND (also when not a member)' })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<MemberResponse[]> {
    return this.members.list(user.id, hid);
  }

  @Patch('members/:userId')
  @ApiOperation({
    summary: "Change a member's role (owners and admins)",
    description:
      "Never to a role above the caller's; an admin cannot change an owner or another admin; " +
      'the only owner cannot be demoted.',
  })
  @ApiParam(HID)
  @ApiOkResponse({ type: MemberResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (role)' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED, ROLE_TOO_HIGH' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'LAST_OWNER, HOUSEHOLD_READ_ONLY' })
  changeRole(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Param('userId') userId: string,
    @Body() body: ChangeMemberRoleDto,
  ): Promise<MemberResponse> {
    return this.members.changeRole(actor, hid, userId, body.role);
  }

  @Delete('members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a member, or leave (your own user id; any role may leave)',
    description:
      'Owners may remove anyone, admins only members and children; the only owner cannot leave ' +
      'or be removed.',
  })
  @ApiParam(HID)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'LAST_OWNER, HOUSEHOLD_READ_ONLY' })
  remove(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.members.remove(actor, hid, userId);
  }

  @Post('transfer-ownership')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Make another member owner; the caller (an owner) becomes admin' })
  @ApiParam(HID)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (userId), OWNERSHIP_TRANSFER_TO_SELF' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED (not an owner)' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'HOUSEHOLD_READ_ONLY' })
  transferOwnership(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Body() body: TransferOwnershipDto,
  ): Promise<void> {
    return this.members.transferOwnership(actor, hid, body.userId);
  }
}
