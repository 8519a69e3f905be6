import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportStatus } from '../import-status';

/** `POST /api/v1/imports`: the import was queued. */
export class ImportCreatedResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ImportStatus })
  status!: ImportStatus;
}

/** `GET /api/v1/imports/:id`. */
export class ImportResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ImportStatus })
  status!: ImportStatus;

  @ApiProperty({ enum: ['file', 'upload', 'migration'] })
  source!: string;

  @ApiProperty({
    description:
      '`{phase, section?, sectionsDone, sectionTotal, bytesDone, byteTotal}`: bytes of the archive read by the current phase',
  })
  progress!: Record<string, unknown>;

  @ApiProperty({ description: 'Size of the archive in bytes' })
  archiveBytes!: number;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'Once done: the new household `{id, slug, name}`, `slugChanged`, members `{total, matched, created, list}`, `restored` counts by section, `skipped` items with reasons, `notes` of what the archive left out on purpose, `instanceAdmin` (the email made instance administrator, or null)',
  })
  report!: Record<string, unknown> | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Once failed: `{code, message, problems?}`; nothing of the import was kept',
  })
  error!: Record<string, unknown> | null;

  @ApiProperty()
  createdAt!: string;

  @ApiPropertyOptional({ nullable: true })
  finishedAt!: string | null;
}
