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
import { EventInputDto } from '../dto/event-input.dto';
import { EventPatchDto } from '../dto/event-patch.dto';
import { EventRangeQueryDto } from '../dto/event-range-query.dto';
import { EventResponse, OccurrenceListResponse } from '../dto/event-response.dto';
import type { PimObject } from '../model/pim-records';
import { eventSummaryOf } from '../rest/event-calendar';
import { eventRange, EventsService, MAX_EVENT_RANGE_DAYS } from '../rest/events.service';
import {
  ifMatchOf,
  NOT_FOUND,
  OBJECT_NOT_FOUND,
  READ_ONLY,
  WRITE_FORBIDDEN,
  ApiObjectChange,
} from './collection-routes';

const BAD_EVENT = 'VALIDATION_FAILED, INVALID_ICALENDAR, INVALID_TIME_RANGE, INVALID_TIME_ZONE';
function eventOf(object: PimObject): EventResponse {
  return {
    id: object.id,
    uid: object.uid,
    ...eventSummaryOf(object.content),
    etag: object.etag,
    updatedAt: object.lastModified.toISOString(),
  };
}

@ApiTags('calendars')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/calendars/:id/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({
    summary: 'The events of a calendar in a range, recurrences expanded',
    description:
      `Every instance overlapping [from, to), by start; a range spans at most ${MAX_EVENT_RANGE_DAYS} ` +
      'days. Overrides of single instances are applied, excluded dates left out.',
  })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: OccurrenceListResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (from/to missing), INVALID_TIME_RANGE' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Query() query: EventRangeQueryDto,
  ): Promise<OccurrenceListResponse> {
    const range = eventRange(query.from, query.to);
    const found = await this.events.occurrences({ userId: user.id, hid }, id, range);
    return {
      from: range.start.toISOString(),
      to: range.end.toISOString(),
      items: found.map((occurrence) => ({
        id: occurrence.object.id,
        uid: occurrence.object.uid,
        summary: occurrence.summary,
        start: occurrence.start.toISOString(),
        end: occurrence.end.toISOString(),
        allDay: occurrence.allDay,
        location: occurrence.location,
        recurrenceId: occurrence.recurrenceId?.toISOString() ?? null,
        etag: occurrence.object.etag,
      })),
    };
  }

  @Get(':eventId')
  @ApiOperation({ summary: 'One event (its main component)' })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'eventId', format: 'uuid' })
  @ApiOkResponse({ type: EventResponse })
  @ApiNotFoundResponse({ description: OBJECT_NOT_FOUND })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventResponse> {
    const object = await this.events.get({ userId: user.id, hid }, id, eventId);
    response.setHeader('ETag', object.etag);
    return eventOf(object);
  }

  @Post()
  @ApiOperation({ summary: 'Create an event (stored as iCalendar)' })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: EventResponse })
  @ApiBadRequestResponse({ description: BAD_EVENT })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: READ_ONLY })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Body() body: EventInputDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventResponse> {
    const object = await this.events.create({ userId: user.id, hid }, id, {
      summary: body.summary,
      start: body.start,
      end: body.end,
      allDay: body.allDay ?? false,
      location: body.location ?? null,
      description: body.description ?? null,
      rrule: body.rrule ?? null,
      timeZone: body.timeZone ?? null,
    });
    response.setHeader('ETag', object.etag);
    return eventOf(object);
  }

  @Patch(':eventId')
  @ApiOperation({
    summary: 'Change some fields of an event',
    description: 'Absent fields stay, null clears; overrides, alarms and attendees are kept.',
  })
  @ApiObjectChange({ param: 'eventId', noun: 'event', ok: EventResponse, badRequest: BAD_EVENT })
  patch(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Body() body: EventPatchDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventResponse> {
    return this.change(user, hid, id, eventId, body, false, request, response);
  }

  @Put(':eventId')
  @ApiOperation({
    summary: 'Replace the fields of an event',
    description: 'Absent optional fields are cleared; overrides, alarms and attendees are kept.',
  })
  @ApiObjectChange({ param: 'eventId', noun: 'event', ok: EventResponse, badRequest: BAD_EVENT })
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Body() body: EventInputDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventResponse> {
    return this.change(user, hid, id, eventId, body, true, request, response);
  }

  @Delete(':eventId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an event (every instance of it)' })
  @ApiObjectChange({
    param: 'eventId',
    noun: 'event',
    forbidden: `${WRITE_FORBIDDEN} (a child, what others created)`,
  })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Req() request: Request,
  ): Promise<void> {
    await this.events.delete({ userId: user.id, hid }, id, eventId, ifMatchOf(request));
  }

  private async change(
    user: AuthenticatedUser,
    hid: string,
    id: string,
    eventId: string,
    body: EventPatchDto,
    replace: boolean,
    request: Request,
    response: Response,
  ): Promise<EventResponse> {
    const object = await this.events.change({ userId: user.id, hid }, id, eventId, body, {
      replace,
      ifMatch: ifMatchOf(request),
    });
    response.setHeader('ETag', object.etag);
    return eventOf(object);
  }
}
