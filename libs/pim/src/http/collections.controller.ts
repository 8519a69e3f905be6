import {
  Body,
  Controller,
  Type,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiConsumes,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { contentDisposition } from '@foyer/core';
import { HOUSEHOLD_ID_PARAM as HID } from '@foyer/households';
import { CollectionResponse } from '../dto/collection-response.dto';
import { CreateCollectionDto } from '../dto/create-collection.dto';
import { ImportReportResponse } from '../dto/import-report-response.dto';
import { UpdateCollectionDto } from '../dto/update-collection.dto';
import type { PimCollectionKind } from '../model/pim-object-kind';
import { PimCollectionsService } from '../services/pim-collections.service';
import { PimExportService } from '../transfer/pim-export.service';
import { PimImportService } from '../transfer/pim-import.service';
import { KindedCollections } from './kinded-collections';
import { MAX_IMPORT_BYTES, NOT_FOUND, READ_ONLY, WRITE_FORBIDDEN } from './collection-routes';
import { readRawBody, utf8Text } from './raw-body';

/** What differs between the address book routes and the calendar routes: words and formats. */
export interface CollectionRoutesTexts {
  kind: PimCollectionKind;
  /** Under /api/v1/households/:hid/. */
  path: string;
  /** The controller's class name (logs, route listings). */
  className: string;
  tag: string;
  singular: string;
  plural: string;
  article: 'a' | 'an';
  /** What the collection holds: contacts, events. */
  objects: string;
  extension: string;
  extensionArticle: 'a' | 'an';
  mediaType: string;
  contentType: string;
  exportSummary: string;
  importDescription: string;
  importInvalid: string;
}

/**
 * The routes of one kind of collection (list, create, update, delete, export as one file,
 * import a file). Address books and calendars have the same routes with other words and
 * formats, so one class body serves both.
 */
export function collectionsController(texts: CollectionRoutesTexts): Type<unknown> {
  @ApiTags(texts.tag)
  @ApiBearerAuth()
  @ApiCookieAuth('foyer_session')
  @Controller(`api/v1/households/:hid/${texts.path}`)
  class CollectionsController {
    private readonly kinded: KindedCollections;

    constructor(
      collections: PimCollectionsService,
      private readonly importer: PimImportService,
      private readonly exporter: PimExportService,
    ) {
      this.kinded = new KindedCollections(collections, texts.kind);
    }

    @Get()
    @ApiOperation({
      summary: `The ${texts.plural} you see`,
      description: "The household's, your own, and other members' personal ones they share.",
    })
    @ApiParam(HID)
    @ApiOkResponse({ type: [CollectionResponse] })
    @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
    async list(
      @CurrentUser() user: AuthenticatedUser,
      @Param('hid') hid: string,
    ): Promise<CollectionResponse[]> {
      return (await this.kinded.list({ userId: user.id, hid })).map((c) =>
        CollectionResponse.of(c, user.id),
      );
    }

    @Post()
    @ApiOperation({
      summary: `Create a personal ${texts.singular} (or, shared: true, a household one)`,
    })
    @ApiParam(HID)
    @ApiCreatedResponse({ type: CollectionResponse })
    @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_PROPERTY' })
    @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
    @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
    @ApiConflictResponse({ description: `${READ_ONLY}, COLLECTION_EXISTS` })
    async create(
      @CurrentUser() user: AuthenticatedUser,
      @Param('hid') hid: string,
      @Body() body: CreateCollectionDto,
    ): Promise<CollectionResponse> {
      const created = await this.kinded.create({ userId: user.id, hid }, body);
      return CollectionResponse.of(created, user.id);
    }

    @Patch(':id')
    @ApiOperation({
      summary: `Rename, describe, recolor or share ${texts.article} ${texts.singular}`,
    })
    @ApiParam(HID)
    @ApiParam({ name: 'id', format: 'uuid' })
    @ApiOkResponse({ type: CollectionResponse })
    @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_PROPERTY' })
    @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
    @ApiNotFoundResponse({ description: NOT_FOUND })
    @ApiConflictResponse({ description: READ_ONLY })
    async update(
      @CurrentUser() user: AuthenticatedUser,
      @Param('hid') hid: string,
      @Param('id') id: string,
      @Body() body: UpdateCollectionDto,
    ): Promise<CollectionResponse> {
      const updated = await this.kinded.update({ userId: user.id, hid }, id, body);
      return CollectionResponse.of(updated, user.id);
    }

    @Delete(':id')
    @HttpCode(HttpStatus.NO_CONTENT)
    @ApiOperation({
      summary: `Delete ${texts.article} ${texts.singular} with its ${texts.objects}`,
      description: "The household's need data.delete-others; a personal one, its owner.",
    })
    @ApiParam(HID)
    @ApiParam({ name: 'id', format: 'uuid' })
    @ApiNoContentResponse()
    @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
    @ApiNotFoundResponse({ description: NOT_FOUND })
    @ApiConflictResponse({ description: READ_ONLY })
    async remove(
      @CurrentUser() user: AuthenticatedUser,
      @Param('hid') hid: string,
      @Param('id') id: string,
    ): Promise<void> {
      await this.kinded.delete({ userId: user.id, hid }, id);
    }

    @Get(':id/export')
    @ApiOperation({ summary: texts.exportSummary })
    @ApiParam(HID)
    @ApiParam({ name: 'id', format: 'uuid' })
    @ApiProduces(texts.mediaType)
    @ApiOkResponse({ description: `The ${texts.extension}, as an attachment` })
    @ApiNotFoundResponse({ description: NOT_FOUND })
    async export(
      @CurrentUser() user: AuthenticatedUser,
      @Param('hid') hid: string,
      @Param('id') id: string,
      @Res() response: Response,
    ): Promise<void> {
      const exported = await this.exporter.export({ userId: user.id, hid }, id, texts.kind);
      response.setHeader('Content-Type', texts.contentType);
      response.setHeader(
        'Content-Disposition',
        contentDisposition(exported.fileName, 'attachment'),
      );
      response.setHeader('Cache-Control', 'private, no-cache');
      response.status(200).send(Buffer.from(exported.content, 'utf8'));
    }

    @Post(':id/import')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({
      summary: `Import ${texts.extensionArticle} ${texts.extension} (the raw file as the body, up to 32 MiB)`,
      description: texts.importDescription,
    })
    @ApiParam(HID)
    @ApiParam({ name: 'id', format: 'uuid' })
    @ApiConsumes(texts.mediaType)
    @ApiOkResponse({ type: ImportReportResponse })
    @ApiBadRequestResponse({ description: texts.importInvalid })
    @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
    @ApiNotFoundResponse({ description: NOT_FOUND })
    @ApiConflictResponse({ description: READ_ONLY })
    @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE' })
    @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE (sent as JSON or a form)' })
    async import(
      @CurrentUser() user: AuthenticatedUser,
      @Param('hid') hid: string,
      @Param('id') id: string,
      @Req() request: Request,
    ): Promise<ImportReportResponse> {
      const actor = { userId: user.id, hid };
      // Checked before the body is read: a refused import does not make the client upload it.
      await this.kinded.openForWriting(actor, id);
      const body = await readRawBody(request, MAX_IMPORT_BYTES);
      return this.importer.import(actor, id, texts.kind, utf8Text(body));
    }
  }
  Object.defineProperty(CollectionsController, 'name', { value: texts.className });
  return CollectionsController;
}
