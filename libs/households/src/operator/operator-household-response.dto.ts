import { ApiProperty } from '@nestjs/swagger';
import { HouseholdStatus } from '../household-status';

/** A household in the operator's list: its standing, never its data or its members' names. */
export class OperatorHouseholdResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: HouseholdStatus })
  status!: HouseholdStatus;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ description: 'How many people belong to it' })
  members!: number;

  @ApiProperty({ description: 'Bytes stored (0 until the files library meters usage)' })
  usageBytes!: number;

  @ApiProperty({ type: String, nullable: true })
  suspendedReason!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  suspendedAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true, description: 'Set while pending deletion' })
  purgeAfter!: Date | null;
}
