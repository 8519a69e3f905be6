import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The accounts library's longest password (longer ones cannot be right). */
const MAX_PASSWORD_LENGTH = 1024;

export class DeleteHouseholdDto {
  @ApiProperty({ description: "The owner's password, entered again to confirm" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}
