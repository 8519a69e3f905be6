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
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { HOUSEHOLD_ID_PARAM as HID } from '@foyer/households';
import { ContactInputDto } from '../dto/contact-input.dto';
import { CONTACT_PAGE_DEFAULT, ContactListQueryDto } from '../dto/contact-list-query.dto';
import { ContactPatchDto } from '../dto/contact-patch.dto';
import {
  ContactDetailResponse,
  ContactListResponse,
  ContactResponse,
} from '../dto/contact-response.dto';
import type { PimObject } from '../model/pim-records';
import { noteOf } from '../rest/contact-card';
import { ContactsService } from '../rest/contacts.service';
import {
  ifMatchOf,
  NOT_FOUND,
  OBJECT_NOT_FOUND,
  READ_ONLY,
  WRITE_FORBIDDEN,
  ApiObjectChange,
} from './collection-routes';

const BAD_CONTACT = 'VALIDATION_FAILED, INVALID_VCARD';
function detail(object: PimObject): ContactDetailResponse {
  return { ...ContactResponse.of(object), note: noteOf(object.content), vcard: object.content };
}

@ApiTags('contacts')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/addressbooks/:id/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOperation({
    summary: 'List or search the contacts of an address book, by name',
    description:
      '`q` matches part of a name, organisation, email or phone as written, and a phone ' +
      'number written any other way (compared in E.164).',
  })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContactListResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Query() query: ContactListQueryDto,
  ): Promise<ContactListResponse> {
    const page = await this.contacts.list({ userId: user.id, hid }, id, {
      q: query.q,
      limit: query.limit ?? CONTACT_PAGE_DEFAULT,
      cursor: query.cursor,
    });
    return {
      items: page.items.map((row) => ({
        id: row.id,
        uid: row.uid,
        fullName: row.formattedName,
        givenName: row.givenName,
        familyName: row.familyName,
        emails: row.emails,
        phones: row.phones,
        phonesE164: row.phonesE164,
        organisation: row.organization,
        etag: row.etag,
        updatedAt: row.lastModified.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':contactId')
  @ApiOperation({ summary: 'One contact, with its note and its vCard as stored' })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'contactId', format: 'uuid' })
  @ApiOkResponse({ type: ContactDetailResponse })
  @ApiNotFoundResponse({ description: OBJECT_NOT_FOUND })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactDetailResponse> {
    const object = await this.contacts.get({ userId: user.id, hid }, id, contactId);
    response.setHeader('ETag', object.etag);
    return detail(object);
  }

  @Post()
  @ApiOperation({ summary: 'Create a contact (stored as a vCard 4.0)' })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: ContactDetailResponse })
  @ApiBadRequestResponse({ description: BAD_CONTACT })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: READ_ONLY })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Body() body: ContactInputDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactDetailResponse> {
    const object = await this.contacts.create({ userId: user.id, hid }, id, {
      fullName: body.fullName,
      givenName: body.givenName ?? null,
      familyName: body.familyName ?? null,
      organisation: body.organisation ?? null,
      emails: body.emails ?? [],
      phones: body.phones ?? [],
      note: body.note ?? null,
    });
    response.setHeader('ETag', object.etag);
    return detail(object);
  }

  @Patch(':contactId')
  @ApiOperation({
    summary: 'Change some fields of a contact',
    description: 'Absent fields stay, null clears; the other vCard properties are kept.',
  })
  @ApiObjectChange({
    param: 'contactId',
    noun: 'contact',
    ok: ContactDetailResponse,
    badRequest: BAD_CONTACT,
  })
  patch(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Body() body: ContactPatchDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactDetailResponse> {
    return this.change(user, hid, id, contactId, body, false, request, response);
  }

  @Put(':contactId')
  @ApiOperation({
    summary: 'Replace the fields of a contact',
    description: 'Absent optional fields are cleared; the other vCard properties are kept.',
  })
  @ApiObjectChange({
    param: 'contactId',
    noun: 'contact',
    ok: ContactDetailResponse,
    badRequest: BAD_CONTACT,
  })
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Body() body: ContactInputDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactDetailResponse> {
    return this.change(user, hid, id, contactId, body, true, request, response);
  }

  @Delete(':contactId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a contact' })
  @ApiObjectChange({
    param: 'contactId',
    noun: 'contact',
    forbidden: `${WRITE_FORBIDDEN} (a child, what others created)`,
  })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Req() request: Request,
  ): Promise<void> {
    await this.contacts.delete({ userId: user.id, hid }, id, contactId, ifMatchOf(request));
  }

  private async change(
    user: AuthenticatedUser,
    hid: string,
    id: string,
    contactId: string,
    body: ContactPatchDto,
    replace: boolean,
    request: Request,
    response: Response,
  ): Promise<ContactDetailResponse> {
    const object = await this.contacts.change({ userId: user.id, hid }, id, contactId, body, {
      replace,
      ifMatch: ifMatchOf(request),
    });
    response.setHeader('ETag', object.etag);
    return detail(object);
  }
}
