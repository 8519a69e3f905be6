import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const LIST_PAGE_DEFAULT = 200;
export const LIST_PAGE_MAX = 1000;

export class ListQueryDto {
  @ApiPropertyOptional({ description: 'The folder to list', default: '/', example: '/Documents' })
  @IsOptional()
  @IsString()
  path?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIST_PAGE_MAX, default: LIST_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Entries to skip' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
