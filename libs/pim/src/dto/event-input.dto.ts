import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

const present = (_: unknown, value: unknown) => value !== null && value !== undefined;

/**
 * An event as the web app writes it (POST creates, PUT replaces these fields: an absent optional
 * one is cleared). Timed events are stored in `timeZone` when given (so a weekly 18:00 stays at
 * 18:00 local time across DST changes), else in UTC; all-day events take dates.
 */
export class EventInputDto {
  @ApiProperty({ example: 'Dinner at grandma’s', maxLength: 1024 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  summary!: string;

  @ApiProperty({
    description: 'A date-time with an offset (`2025-03-14T19:00:00+01:00`), or a date when allDay',
  })
  @IsString()
  @MaxLength(64)
  start!: string;

  @ApiProperty({ description: 'After start; for all-day events the day after the last day' })
  @IsString()
  @MaxLength(64)
  end!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  allDay?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(present)
  @IsString()
  @MaxLength(1024)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(present)
  @IsString()
  @MaxLength(65536)
  description?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'RFC 5545 recurrence rule',
    example: 'FREQ=WEEKLY;COUNT=10',
  })
  @ValidateIf(present)
  @IsString()
  @MaxLength(1024)
  rrule?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'IANA time zone of a timed event (DTSTART;TZID=… with a VTIMEZONE): recurrences keep ' +
      'their local time across DST changes. Absent or null: UTC. Ignored for all-day events.',
    example: 'Europe/Paris',
  })
  @ValidateIf(present)
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, {
    message: 'timeZone must be an IANA time zone such as Europe/Paris',
  })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/Paris' })
  timeZone?: string | null;
}
