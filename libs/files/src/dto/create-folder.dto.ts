import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class CreateFolderDto {
  @ApiProperty({
    description: 'Absolute path of the new folder; missing folders above it are created too',
    example: '/Documents/Taxes/2025',
  })
  @IsString()
  path!: string;
}
