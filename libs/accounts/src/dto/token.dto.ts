import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from './trim';

/** A token from an emailed link (`?token=...`). */
export class TokenDto {
  @ApiProperty({ description: 'The token from the emailed link' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token!: string;
}
