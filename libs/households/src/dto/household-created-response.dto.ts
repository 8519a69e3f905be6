import { ApiProperty } from '@nestjs/swagger';
import { HouseholdStatus } from '../household-status';

export class HouseholdCreatedResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'the-martins' })
  slug!: string;

  @ApiProperty({
    enum: HouseholdStatus,
    example: HouseholdStatus.Provisioning,
    description: 'Becomes `active` once the provisioning job has run; poll GET /households/:hid',
  })
  status!: HouseholdStatus;
}
