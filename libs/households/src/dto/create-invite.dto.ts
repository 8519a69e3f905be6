import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { HOUSEHOLD_ROLES, HouseholdRole } from '../access/household-role';

export class CreateInviteDto {
  @ApiProperty({
    example: 'grandma@example.com',
    maxLength: 254,
    description: 'Trimmed and compared case-insensitively',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    enum: HouseholdRole,
    example: HouseholdRole.Member,
    description: "The role the person gets on accepting; never above the inviter's own",
  })
  @IsIn(HOUSEHOLD_ROLES, { message: `role must be one of ${HOUSEHOLD_ROLES.join(', ')}` })
  role!: HouseholdRole;
}
