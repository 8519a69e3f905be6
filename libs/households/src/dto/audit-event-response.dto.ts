import { ApiProperty } from '@nestjs/swagger';

/** One entry of the household's audit log. */
export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who did it' })
  actorUserId!: string | null;

  @ApiProperty({ example: 'member.role-changed' })
  action!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What it was about (a user id, an invite id)',
  })
  target!: string | null;

  @ApiProperty({ type: Object, example: { from: 'member', to: 'admin' } })
  details!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, description: 'The address the request came from' })
  ip!: string | null;
}
