import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HouseholdRole } from '../access/household-role';
import { HouseholdStatus } from '../household-status';

/** A household as one of its members sees it. */
export class HouseholdResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'the-martins' })
  slug!: string;

  @ApiProperty({ example: 'The Martins' })
  name!: string;

  @ApiProperty({ enum: HouseholdStatus })
  status!: HouseholdStatus;

  @ApiProperty({ enum: HouseholdRole, description: "The caller's role in this household" })
  role!: HouseholdRole;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({
    description:
      'Only once the household was marked moved: its new address. It is read-only here from ' +
      'then on; owners may still export it, and delete it when they wish.',
    example: 'https://foyer.martin-family.org/h/the-martins',
  })
  movedTo?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  movedAt?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'Only while the household is pending deletion: when it is deleted for good, unless an ' +
      'owner cancels the deletion before then.',
  })
  purgeAfter?: string;
}
