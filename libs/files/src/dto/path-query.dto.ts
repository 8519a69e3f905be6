import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class PathQueryDto {
  @ApiProperty({
    description: 'Absolute path of a file or folder in the household, names separated by "/"',
    example: '/Documents/notes.txt',
  })
  @IsString()
  path!: string;
}
