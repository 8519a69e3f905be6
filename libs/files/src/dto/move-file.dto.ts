import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

/** For move/rename and for copy. */
export class MoveFileDto {
  @ApiProperty({ description: 'Absolute path of the file or folder', example: '/Documents/a.txt' })
  @IsString()
  from!: string;

  @ApiProperty({
    description: 'Absolute path it gets; its folder must exist and the name be free',
    example: '/Shared/b.txt',
  })
  @IsString()
  to!: string;
}
