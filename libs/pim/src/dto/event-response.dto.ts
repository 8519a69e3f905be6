import { ApiProperty } from '@nestjs/swagger';

/** An event object (its master VEVENT), as created or changed. */
export class EventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  uid!: string;

  @ApiProperty({ nullable: true, type: String })
  summary!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'UTC date-time, or a date when allDay',
  })
  start!: string | null;

  @ApiProperty({ nullable: true, type: String })
  end!: string | null;

  @ApiProperty()
  allDay!: boolean;

  @ApiProperty({ nullable: true, type: String })
  location!: string | null;

  @ApiProperty({ nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'FREQ=WEEKLY;COUNT=10' })
  rrule!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The time zone (TZID) the start is written in; null for UTC or all-day',
    example: 'Europe/Paris',
  })
  timeZone!: string | null;

  @ApiProperty()
  etag!: string;

  @ApiProperty()
  updatedAt!: string;
}

/** One instance in a range: a single event, or one occurrence of a recurring one. */
export class OccurrenceResponse {
  @ApiProperty({ format: 'uuid', description: 'The event object it belongs to' })
  id!: string;

  @ApiProperty()
  uid!: string;

  @ApiProperty({ nullable: true, type: String })
  summary!: string | null;

  @ApiProperty({ description: 'UTC' })
  start!: string;

  @ApiProperty({ description: 'UTC' })
  end!: string;

  @ApiProperty()
  allDay!: boolean;

  @ApiProperty({ nullable: true, type: String })
  location!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The instance of a recurring event it is (UTC); null for a single event',
  })
  recurrenceId!: string | null;

  @ApiProperty()
  etag!: string;
}

export class OccurrenceListResponse {
  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ type: [OccurrenceResponse], description: 'By start' })
  items!: OccurrenceResponse[];
}
