import { ApiProperty } from '@nestjs/swagger';

export class SkippedLineResponse {
  @ApiProperty({ description: 'Line of the file, from 1' })
  line!: number;

  @ApiProperty({ example: '"06 12 XX XX XX" is not a phone number (masked or not a number)' })
  reason!: string;
}

export class CallImportResponse {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;

  @ApiProperty({ example: '/Calls/2025-04-02-orange-2025-03.csv' })
  filePath!: string;

  @ApiProperty({ description: 'Calls read from the file' })
  read!: number;

  @ApiProperty({ description: 'New calls recorded' })
  imported!: number;

  @ApiProperty({ description: 'Calls an earlier import had recorded already' })
  duplicates!: number;

  @ApiProperty({ type: [SkippedLineResponse] })
  skipped!: SkippedLineResponse[];
}

export class CallContactResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  addressBookId!: string;

  @ApiProperty()
  fullName!: string;
}

export class CallResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  startedAt!: string;

  @ApiProperty({ example: '+33612345678' })
  number!: string;

  @ApiProperty({ description: 'As the operator wrote it' })
  rawNumber!: string;

  @ApiProperty()
  durationSeconds!: number;

  @ApiProperty({ nullable: true, type: String, example: '0.15' })
  cost!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'EUR' })
  currency!: string | null;

  @ApiProperty({ nullable: true, enum: ['incoming', 'outgoing', 'missed'] })
  direction!: 'incoming' | 'outgoing' | 'missed' | null;

  @ApiProperty({
    nullable: true,
    type: CallContactResponse,
    description: 'The contact you see with this number, if any',
  })
  contact!: CallContactResponse | null;
}

export class CallListResponse {
  @ApiProperty({ type: [CallResponse], description: 'Newest first' })
  items!: CallResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
