import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class CreateExportDto {
  @ApiPropertyOptional({
    enum: ['household', 'member'],
    description:
      '`household`: everything (owners and admins, `export.all`); `member`: what is yours ' +
      '(`export.own`). Default: `household` for owners and admins, else `member`.',
  })
  @IsOptional()
  @IsIn(['household', 'member'])
  scope?: 'household' | 'member';
}
