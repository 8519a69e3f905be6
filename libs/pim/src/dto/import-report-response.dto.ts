import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SkippedEntryResponse {
  @ApiProperty({
    description:
      'Position of the entry in the file, from 0 (cards of a .vcf; VEVENT/VTODO/VJOURNAL of an .ics)',
  })
  index!: number;

  @ApiPropertyOptional()
  uid?: string;

  @ApiProperty({ example: 'duplicate UID in the file (first at index 3)' })
  reason!: string;
}

/**
 * What an import did. Each entry is stored or skipped on its own: the valid ones are kept even
 * when others are skipped. Importing the same file again changes nothing (same UID: the same
 * object, `unchanged` when its text is the same, else `updated`).
 */
export class ImportReportResponse {
  @ApiProperty({ description: 'New objects' })
  imported!: number;

  @ApiProperty({ description: 'Objects whose UID was there, with a different text' })
  updated!: number;

  @ApiProperty({ description: 'Objects already there with the same text' })
  unchanged!: number;

  @ApiProperty({ type: [SkippedEntryResponse] })
  skipped!: SkippedEntryResponse[];
}
