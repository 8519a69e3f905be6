import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { HOUSEHOLD_ID_PARAM as HID } from '@foyer/households';
import { CreateFolderDto } from '../dto/create-folder.dto';
import { FileItemResponse } from '../dto/file-item-response.dto';
import { FileListResponse } from '../dto/file-list-response.dto';
import { LIST_PAGE_DEFAULT, ListQueryDto } from '../dto/list-query.dto';
import { MoveFileDto } from '../dto/move-file.dto';
import { PathQueryDto } from '../dto/path-query.dto';
import { TrashItemResponse } from '../dto/trash-item-response.dto';
import { UsageResponse } from '../dto/usage-response.dto';
import { FilesErrorCode } from '../files-error-code';
import { FilesService } from '../services/files.service';

const NOT_FOUND = 'HOUSEHOLD_NOT_FOUND (also when not a member), NOT_FOUND';
const BAD_PATH = 'INVALID_PATH, INVALID_NAME, VALIDATION_FAILED';
const WRITE_FORBIDDEN = 'HOUSEHOLD_PERMISSION_DENIED';

@ApiTags('files')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Get()
  @ApiOperation({ summary: 'List a folder: folders first, then files, by name; paginated' })
  @ApiParam(HID)
  @ApiOkResponse({ type: FileListResponse })
  @ApiBadRequestResponse({ description: BAD_PATH })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'NOT_A_FOLDER' })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: ListQueryDto,
  ): Promise<FileListResponse> {
    const limit = query.limit ?? LIST_PAGE_DEFAULT;
    const offset = query.offset ?? 0;
    const page = await this.files.list({ userId: user.id, hid }, query.path ?? '/', limit, offset);
    return {
      path: page.path,
      items: page.items.map((item) => FileItemResponse.of(item)),
      total: page.total,
      limit,
      offset,
    };
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Move a file or folder to the trash',
    description: 'It keeps counting against the quota until the trash is emptied.',
  })
  @ApiParam(HID)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: BAD_PATH })
  @ApiForbiddenResponse({
    description: `${WRITE_FORBIDDEN} (a child deleting what others created)`,
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'NOT_A_FOLDER, HOUSEHOLD_READ_ONLY' })
  async trash(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: PathQueryDto,
  ): Promise<void> {
    await this.files.trash({ userId: user.id, hid }, query.path);
  }

  @Post('folders')
  @ApiOperation({ summary: 'Create a folder, with the missing folders above it' })
  @ApiParam(HID)
  @ApiCreatedResponse({ type: FileItemResponse })
  @ApiBadRequestResponse({ description: BAD_PATH })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'NAME_TAKEN, NOT_A_FOLDER, HOUSEHOLD_READ_ONLY' })
  async createFolder(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Body() body: CreateFolderDto,
  ): Promise<FileItemResponse> {
    return FileItemResponse.of(await this.files.createFolder({ userId: user.id, hid }, body.path));
  }

  @Post('move')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Move or rename a file or folder',
    description:
      "The target's folder must exist and its name be free; a folder cannot go into itself.",
  })
  @ApiParam(HID)
  @ApiOkResponse({ type: FileItemResponse })
  @ApiBadRequestResponse({ description: `${BAD_PATH}, INVALID_MOVE` })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'NAME_TAKEN, NOT_A_FOLDER, HOUSEHOLD_READ_ONLY' })
  async move(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Body() body: MoveFileDto,
  ): Promise<FileItemResponse> {
    return FileItemResponse.of(await this.files.move({ userId: user.id, hid }, body.from, body.to));
  }

  @Post('copy')
  @ApiOperation({
    summary: 'Copy a file or folder on the server (no re-upload)',
    description: 'Each blob is copied inside the server; the copy counts against the quota.',
  })
  @ApiParam(HID)
  @ApiCreatedResponse({ type: FileItemResponse })
  @ApiBadRequestResponse({ description: `${BAD_PATH}, INVALID_MOVE` })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'NAME_TAKEN, NOT_A_FOLDER, HOUSEHOLD_READ_ONLY' })
  @ApiResponse({ status: 507, description: 'QUOTA_EXCEEDED' })
  async copy(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Body() body: MoveFileDto,
  ): Promise<FileItemResponse> {
    return FileItemResponse.of(await this.files.copy({ userId: user.id, hid }, body.from, body.to));
  }

  @Get('trash')
  @ApiOperation({ summary: 'What is in the trash (the tops of deleted subtrees), newest first' })
  @ApiParam(HID)
  @ApiOkResponse({ type: [TrashItemResponse] })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  async listTrash(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<TrashItemResponse[]> {
    return (await this.files.listTrash({ userId: user.id, hid })).map((item) =>
      TrashItemResponse.of(item),
    );
  }

  @Delete('trash')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Empty the trash: delete its files for good, and their bytes' })
  @ApiParam(HID)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({
    description: `${WRITE_FORBIDDEN} (a child, when it holds what others created)`,
  })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_READ_ONLY' })
  async emptyTrash(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<void> {
    await this.files.emptyTrash({ userId: user.id, hid });
  }

  @Post('trash/:id/restore')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Restore an item from the trash',
    description:
      'Back into its folder when that is still there (else to the root), under its name or, ' +
      'when that is taken, "name (restored).ext".',
  })
  @ApiParam(HID)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: FileItemResponse })
  @ApiForbiddenResponse({ description: WRITE_FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'HOUSEHOLD_READ_ONLY' })
  async restore(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Param(
      'id',
      new ParseUUIDPipe({
        exceptionFactory: () =>
          new FoyerError(404, FilesErrorCode.NotFound, 'No such item in the trash'),
      }),
    )
    id: string,
  ): Promise<FileItemResponse> {
    return FileItemResponse.of(await this.files.restore({ userId: user.id, hid }, id));
  }

  @Get('usage')
  @ApiOperation({ summary: 'Bytes used (trash included) and the quota (null: unlimited)' })
  @ApiParam(HID)
  @ApiOkResponse({ type: UsageResponse })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  usage(@CurrentUser() user: AuthenticatedUser, @Param('hid') hid: string): Promise<UsageResponse> {
    return this.files.usage({ userId: user.id, hid });
  }
}
