import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PathQueryDto } from './path-query.dto';

export class DownloadQueryDto extends PathQueryDto {
  @ApiPropertyOptional({
    enum: ['attachment', 'inline'],
    default: 'attachment',
    description: 'inline: ask the browser to show the file rather than save it',
  })
  @IsOptional()
  @IsIn(['attachment', 'inline'])
  disposition?: 'attachment' | 'inline';
}
