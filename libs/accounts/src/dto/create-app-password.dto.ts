import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from './trim';

export class CreateAppPasswordDto {
  @ApiProperty({ example: 'Phone (DAVx5)', maxLength: 100, description: 'Which client uses it' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label!: string;
}
