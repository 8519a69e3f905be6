import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

/** A range of at most MAX_EVENT_RANGE_DAYS, `[from, to)`. */
export class EventRangeQueryDto {
  @ApiProperty({ description: 'ISO 8601, inclusive', example: '2025-03-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ description: 'ISO 8601, exclusive', example: '2025-04-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  to!: string;
}
